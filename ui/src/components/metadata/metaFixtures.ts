// Test data shaped like what the back end sends (crates/kaifang-core/src/metadata):
// the profile's fields in form order with shortened code lists, and a dataset's
// metadata. Used by the component tests only.

import type { CodeValue, DatasetMetadata, DictionaryEntry, FieldDef, FieldKind, Group, Requirement } from '../../api'

function field(
  id: string,
  zh: string,
  en: string,
  kind: FieldKind,
  requirement: Requirement,
  group: Group,
  extra: { codes?: CodeValue[]; required_when?: [string, string] } = {},
): FieldDef {
  return {
    id,
    zh,
    en,
    help_zh: `${zh}的说明`,
    help_en: `About ${en.toLowerCase()}`,
    kind,
    requirement,
    group,
    codes: extra.codes ?? [],
    defaultable: ['provider', 'contact_name', 'contact_phone', 'contact_email', 'license', 'spatial_code', 'spatial_name'].includes(id),
    required_when: extra.required_when ?? null,
    ckan: `extras.${id}`,
  }
}

const code = (c: string, zh: string, en: string): CodeValue => ({ code: c, zh, en })

export const FIELDS: FieldDef[] = [
  field('title', '数据集名称', 'Title', { kind: 'text', max: 100 }, 'required', 'basic'),
  field('description', '摘要', 'Description', { kind: 'long_text', max: 2000 }, 'required', 'basic'),
  field('resource_code', '资源代码', 'Catalogue resource code', { kind: 'identifier' }, 'recommended', 'basic'),
  field('provider', '数据提供方', 'Provider', { kind: 'text', max: 100 }, 'required', 'basic'),
  field('theme', '数据领域', 'Theme', { kind: 'code' }, 'required', 'basic', {
    codes: [code('social_security', '社会保障', 'Social security'), code('health', '卫生健康', 'Health')],
  }),
  field('industry', '行业分类', 'Industry', { kind: 'code' }, 'optional', 'basic', {
    codes: [code('A', '农、林、牧、渔业', 'Agriculture, forestry, animal husbandry and fishery')],
  }),
  field('keywords', '标签', 'Keywords', { kind: 'keywords' }, 'recommended', 'basic'),
  field('open_type', '开放属性', 'Openness', { kind: 'code' }, 'required', 'openness', {
    codes: [
      code('unconditional', '无条件开放', 'Open without conditions'),
      code('conditional', '有条件开放', 'Open on conditions'),
      code('closed', '不予开放', 'Not open'),
    ],
  }),
  field('open_conditions', '开放条件', 'Conditions of use', { kind: 'long_text', max: 1000 }, 'conditional', 'openness', {
    required_when: ['open_type', 'conditional'],
  }),
  field('frequency', '更新周期', 'Update frequency', { kind: 'code' }, 'required', 'openness', {
    codes: [code('monthly', '每月', 'Monthly'), code('yearly', '每年', 'Yearly')],
  }),
  field('license', '许可协议', 'Licence', { kind: 'code' }, 'recommended', 'openness', {
    codes: [code('cc-by', '知识共享 署名 4.0（CC BY 4.0）', 'Creative Commons Attribution 4.0')],
  }),
  field('use_cases', '应用场景', 'Use cases', { kind: 'long_text', max: 1000 }, 'optional', 'openness'),
  field('temporal_start', '时间范围（起）', 'Covers from', { kind: 'date' }, 'recommended', 'coverage'),
  field('temporal_end', '时间范围（止）', 'Covers to', { kind: 'date' }, 'recommended', 'coverage'),
  field('spatial_code', '行政区划代码', 'Area code', { kind: 'region_code' }, 'recommended', 'coverage'),
  field('spatial_name', '空间范围', 'Area', { kind: 'text', max: 100 }, 'recommended', 'coverage'),
  field('contact_name', '联系单位', 'Contact office', { kind: 'text', max: 100 }, 'recommended', 'contact'),
  field('contact_phone', '联系电话', 'Contact phone', { kind: 'phone' }, 'recommended', 'contact'),
  field('contact_email', '联系邮箱', 'Contact email', { kind: 'email' }, 'recommended', 'contact'),
]

export function dictionary(count: number): DictionaryEntry[] {
  return Array.from({ length: count }, (_, i) => ({
    position: i,
    name: i === 0 ? '姓名' : `列${i}`,
    group: i === 2 ? '补贴' : null,
    type: i === 2 ? 'decimal' : 'text',
    description: i === 0 ? '户主姓名' : null,
    unit: i === 2 ? '元' : null,
    open: i !== 1,
  }))
}

export function metadata(over: Partial<DatasetMetadata> = {}): DatasetMetadata {
  return {
    dataset_id: 7,
    version: 2,
    values: { title: '城关镇低保名单', provider: '县民政局', keywords: ['低保'] },
    auto: { issued: '2025-01-02', modified: '2025-03-04', version: 2, rows: 1000, format: 'xlsx' },
    slug: 'chengguanzhen-dibao',
    slug_fixed: false,
    dictionary: dictionary(3),
    problems: [
      { field: 'description', kind: 'missing', detail: null },
      { field: 'theme', kind: 'missing', detail: null },
      { field: 'open_type', kind: 'missing', detail: null },
      { field: 'frequency', kind: 'missing', detail: null },
    ],
    completeness: 35,
    checklist: [
      { item: 'metadata_complete', state: 'todo' },
      { item: 'dictionary_described', state: 'todo' },
      { item: 'open_type_chosen', state: 'todo' },
      { item: 'sensitive_fields_handled', state: 'pending' },
    ],
    suggestions: { temporal_start: '2024-01-01', temporal_end: '2024-12-31' },
    overdue_since: null,
    ...over,
  }
}
