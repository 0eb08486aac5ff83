// Portals and outbox items as the Rust side sends them, for the tests.

import type { ConnectionReport, OutboxItem, PortalConfig } from '../../api'

export const PORTAL: PortalConfig = {
  name: '省平台',
  kind: 'ckan',
  url: 'https://data.example.gov.cn',
  org: 'xian-minzheng',
  has_token: true,
}

export function outboxItem(over: Partial<OutboxItem> = {}): OutboxItem {
  return {
    id: 1,
    dataset: 7,
    name: '城关镇低保名单',
    version: 2,
    portal: PORTAL.name,
    state: 'queued',
    attempts: 0,
    next_attempt_at: '2025-03-01T08:00:00Z',
    error: null,
    queued_at: '2025-03-01T08:00:00Z',
    updated_at: '2025-03-01T08:00:00Z',
    url: null,
    ...over,
  }
}

export function report(over: Partial<ConnectionReport> = {}): ConnectionReport {
  return {
    reachable: true,
    ckan_version: '2.11.6',
    token_ok: true,
    org_ok: true,
    required_fields: [],
    problem: null,
    ...over,
  }
}
