// The Chinese messages of the dataset list and one dataset’s view: part of the reference
// catalog (see ../zh-CN.ts), whose shape every other language must match.

import type { ColumnType, DatasetStatus, FindingKind } from '../../api'

// What the import found in the data. Table-wide kinds have no {column}; the rows
// where a finding occurs are appended by the view (findings.rows), since a finding
// may come without them.
const findingKinds: Record<FindingKind, string> = {
  blank_rows: '表格中的 {count} 个空行已略去',
  duplicate_rows: '{count} 行与前面的某一行完全相同',
  mixed_types: '列“{column}”：有 {count} 个值与该列其他值的类型不一致',
  excel_mangled_numbers:
    '列“{column}”：有 {count} 个长数字已被 Excel 截断（如身份证号显示为 1.3E+17），需要从原始资料补全',
  surrounding_spaces: '列“{column}”：有 {count} 个值前后带空格',
  full_width_digits: '列“{column}”：有 {count} 个值使用了全角数字，如 １２３',
  leading_zeros: '列“{column}”：有 {count} 个以 0 开头的编码，已按原样保留',
  ragged_rows: '{count} 行的单元格数与表头不一致',
}

const messages = {
  datasets: {
    title: '数据集',
    import: '导入表格',
    search: '搜索名称',
    searchLabel: '按名称搜索数据集',
    allStatuses: '全部状态',
    statusLabel: '按状态筛选',
    findings: '{count} 个问题',
    findingsHint: '导入时发现 {count} 个数据质量问题，打开数据集可查看详情',
    risk: {
      none: '无个人信息',
      personal: '{count} 项个人信息',
      kept: '其中 {count} 项原样公开',
      unknownHint: '尚未检查个人信息。打开数据集的“敏感字段”即可检查。',
      noneHint: '自动检查没有发现含个人信息的列。',
      personalHint: '发现 {count} 列含个人信息。打开数据集的“敏感字段”，查看并选择每列的处理方式。',
      personalKeptHint:
        '发现 {count} 列含个人信息，其中 {kept} 列按写明的理由原样公开。打开数据集的“敏感字段”，查看并选择每列的处理方式。',
    },
    open: '打开数据集“{name}”',
    noMatch: '没有符合条件的数据集。请换个关键词或状态。',
    loadError: '无法读取数据集列表',
    retry: '重试',
    columns: {
      name: '名称',
      department: '部门',
      status: '状态',
      risk: '风险',
      completeness: '完整度',
      rows: '行数',
      updated: '更新时间',
    },
    empty: {
      title: '还没有数据集',
      intro:
        '开放帮助您把本部门的表格整理成可以公开的数据：导入 Excel 或 CSV 表格，填写数据说明，找出并遮盖身份证号、手机号等个人信息，提交审核，审核通过后发布到开放数据门户。',
      next: '第一步：导入一个表格。',
    },
  },
  status: {
    draft: '草稿',
    submitted: '已提交',
    returned: '已退回',
    approved: '已通过',
    published: '已发布',
  } satisfies Record<DatasetStatus, string>,
  types: {
    integer: '整数',
    decimal: '小数',
    date: '日期',
    datetime: '日期时间',
    boolean: '是/否',
    code: '编码',
    text: '文本',
  } satisfies Record<ColumnType, string>,
  dataset: {
    back: '返回数据集列表',
    versionLabel: '版本',
    versionOption: '第 {version} 版 · {date} · {rows} 行',
    loadError: '无法打开数据集',
    tabs: {
      data: '数据',
      metadata: '元数据',
      sensitive: '敏感字段',
      history: '审核记录',
    },
    total: '共 {total} 行',
    totalFiltered: '找到 {total} 行，共 {all} 行',
    filter: '查找',
    filterLabel: '在数据中查找',
    filterColumn: '查找范围',
    filterAllColumns: '所有列',
    rowNumber: '行号',
    sortBy: '按“{name}”排序，当前：{state}',
    sortStates: {
      none: '未排序',
      asc: '升序',
      desc: '降序',
    },
    rowsError: '无法读取数据行',
    retry: '重试',
    profile: {
      title: '列概况',
      column: '选择列',
      show: '展开列概况',
      hide: '收起列概况',
      type: '类型',
      filled: '有值',
      empty: '空值',
      distinct: '不同值（约）',
      min: '最小值',
      max: '最大值',
      length: '长度',
      lengthRange: '{min} 至 {max} 个字符',
      topValues: '最常见的值',
      histogram: '数值分布',
      bin: '{from} 至 {to}：{count} 个',
      noValues: '这一列没有值。',
    },
    findings: {
      title: '导入检查',
      summary: '{count} 个数据质量问题',
      noFindings: '没有发现数据质量问题',
      leftOutSummary: '{count} 行未计入表格',
      changesSummary: '与第 {previous} 版的差异',
      quality: '数据质量',
      rows: '（第 {rows} 行）',
      rowsMore: '（第 {rows} 行等）',
      kinds: findingKinds,
      leftOut: '未计入表格的行',
      titleRow: '标题',
      noteRow: '说明',
      rowText: '第 {row} 行',
      headerRows: '表头在源文件第 {rows} 行。',
      dropped: '{count} 个比表头多出的单元格已被舍弃。',
      changes: '与第 {previous} 版相比：新增 {added} 行，删除 {removed} 行，修改 {changed} 行。',
      columnsAdded: '新增列：{names}',
      columnsRemoved: '删除列：{names}',
      keyColumn: '按“{column}”列对应前后两版的行。',
      noKeyColumn: '没有可以对应前后两版的编号列，修改过的行计为删除一行、新增一行。',
    },
  },
}

export type DatasetsMessages = typeof messages
export default messages
