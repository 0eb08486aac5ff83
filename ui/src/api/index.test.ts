import { invoke } from '@tauri-apps/api/core'
import { beforeEach, describe, expect, it, vi } from 'vitest'

import { ApiError, appContext, auditVerify, workspaceInfo, type ErrorPayload } from '.'

vi.mock('@tauri-apps/api/core', () => ({ invoke: vi.fn() }))
const invokeMock = vi.mocked(invoke)

beforeEach(() => {
  invokeMock.mockReset()
})

describe('command wrappers', () => {
  it.each([
    ['app_context', appContext, { version: '0.1.0', os_locale: 'zh-CN', workspace_path: '/w.sqlite3', workspace_error: null }],
    ['workspace_info', workspaceInfo, { path: '/w.sqlite3', schema_version: 1 }],
    ['audit_verify', auditVerify, { entries: 3, intact: true, first_break: null }],
  ] as const)('%s is invoked by name and its result returned unchanged', async (command, wrapper, result) => {
    invokeMock.mockResolvedValueOnce(result)
    await expect(wrapper()).resolves.toEqual(result)
    expect(invokeMock, 'the Rust command name is the IPC contract').toHaveBeenCalledWith(command)
    expect(invokeMock).toHaveBeenCalledTimes(1)
  })
})

describe('errors', () => {
  it('turns an ErrorPayload rejection into an ApiError with code, params and detail', async () => {
    const payload: ErrorPayload = {
      code: 'workspace_newer_schema',
      message: '/w.sqlite3 was written by a newer Kaifang (schema 3; this version reads up to 1)',
      params: { path: '/w.sqlite3', found: '3', supported: '1' },
    }
    invokeMock.mockRejectedValueOnce(payload)
    const error = await workspaceInfo().catch((e: unknown) => e)
    expect(error).toBeInstanceOf(ApiError)
    expect(error).toBeInstanceOf(Error)
    expect(error).toMatchObject({
      code: 'workspace_newer_schema',
      params: { path: '/w.sqlite3', found: '3', supported: '1' },
      detail: payload.message,
      message: payload.message,
    })
  })

  it.each([
    ['a panic string', 'command app_context not found'],
    ['a JS error (no Tauri runtime)', new TypeError("Cannot read properties of undefined (reading 'invoke')")],
    ['a payload with an unknown code', { code: 'no_such_code', message: 'x', params: {} }],
    ['a payload without params', { code: 'io', message: 'x' }],
    ['null', null],
  ])('turns %s into an internal ApiError', async (_label, reason) => {
    invokeMock.mockRejectedValueOnce(reason)
    const error = await appContext().catch((e: unknown) => e)
    expect(error).toBeInstanceOf(ApiError)
    expect((error as ApiError).code, 'only a well-formed payload may choose the code').toBe('internal')
    expect((error as ApiError).params).toEqual({})
  })

  it('keeps a string rejection as the detail for support', async () => {
    invokeMock.mockRejectedValueOnce('command audit_verify not allowed')
    const error = await auditVerify().catch((e: unknown) => e)
    expect(error).toMatchObject({ code: 'internal', detail: 'command audit_verify not allowed' })
  })

  it('drops params that are not strings so translations never show "undefined"', () => {
    // What arrives over IPC is untyped JSON: a null may stand where a string belongs.
    const fromWire = JSON.parse('{"code":"io","message":"x","params":{"path":"/a","other":null}}') as ErrorPayload
    const error = ApiError.fromPayload(fromWire)
    expect(error.params).toEqual({ path: '/a' })
  })
})
