// The reference catalog: its shape is the type every other language must match.
// Written for a county clerk: plain words, and each error says what to do next.
// vue-i18n treats { } @ $ | as syntax, so messages avoid them outside placeholders.

import type { ColumnType, ErrorCode, FindingKind } from '../api'

const errors: Record<ErrorCode, string> = {
  workspace_missing:
    '找不到工作区文件 {path}。请确认文件没有被移动或删除；如不清楚文件位置，请联系管理员。',
  workspace_create_dir:
    '无法创建存放工作区的文件夹 {path}。请确认您有权限在此位置保存文件，或请管理员换一个位置。',
  workspace_not_a_database:
    '文件 {path} 不是开放的工作区。请确认打开的是正确的文件。',
  workspace_foreign:
    '文件 {path} 属于其他软件，不是开放的工作区。为避免损坏它，开放不会修改这个文件。请选择正确的工作区文件。',
  workspace_newer_schema:
    '此工作区由更新版本的开放创建（版本 {found}），当前程序最高支持版本 {supported}。请升级开放后再打开。',
  workspace_busy:
    '工作区正被其他程序占用（可能是另一个开放窗口或命令行工具正在保存）。请稍等片刻再试。',
  workspace_read_only:
    '工作区文件或它所在的文件夹是只读的，无法保存修改。请检查文件权限，或把工作区放到可以写入的位置。',
  workspace_disk_full: '工作区所在的磁盘已满，无法保存。请清理磁盘空间后再试。',
  workspace_corrupt:
    '工作区文件已损坏。请不要继续使用它：先复制一份备份，再联系技术支持恢复数据。',
  database: '读写工作区时出错。请重试；如果问题仍然存在，请联系技术支持。',
  io: '读写文件时出错。请确认文件存在并且您有权限访问，然后重试。',
  import_read: '无法读取 {path}。请确认文件存在，且没有被其他程序（如 Excel）独占打开；关闭后再试。',
  import_empty_file: '{path} 是空文件，没有可导入的内容。请确认选对了文件。',
  import_lock_file:
    '{path} 是 Excel 打开工作簿时生成的临时锁定文件，不是工作簿本身。请选择文件名中没有“~$”的那个文件。',
  import_not_a_table:
    '{path} 不是表格文件。开放可以读取 Excel（XLSX、XLSM、XLSB、XLS）、ODS 和 CSV/TXT 文本表格；请另存为其中一种格式后再导入。',
  import_password: '{path} 设置了密码。请在 Excel 中打开并取消密码（文件 › 信息 › 保护工作簿）后再导入。',
  import_corrupt: '{path} 已损坏或不完整。请用 Excel 或 WPS 打开并另存一份后再导入。',
  import_zip_bomb:
    '{path} 解压后将达到约 {expanded_mb} MB，出于安全原因已拒绝导入。请确认文件来源；如确实需要，请另存为 CSV 后再导入。',
  import_too_large:
    '{path} 有 {size_mb} MB，这种格式最多只能安全读取 {limit_mb} MB。请在 Excel 中另存为 XLSX 或 CSV 后再导入。',
  import_sheet_not_found: '工作簿中没有名为“{sheet}”的工作表。请在列表中重新选择工作表。',
  import_no_sheets: '工作簿中没有任何含数据的工作表。请确认选对了文件，或在 Excel 中取消隐藏工作表后再导入。',
  import_no_rows: '“{sheet}”只有表头，下面没有数据行。请确认表头行选得正确，或选择另一个工作表。',
  import_too_many_columns:
    '第 {row} 行超过 {limit} 列，开放最多支持 {limit} 列。请确认这是一张表格，或将它拆分成几张表后再导入。',
  import_cell_too_large:
    '第 {row} 行第 {column} 列有 {size_kb} KB 文字，单个单元格最多 {limit_kb} KB。请缩短该单元格的内容后再导入。',
  import_mixed_encoding:
    '第 {row} 行的编码与前面的行（{encoding}）不同，文件混用了多种编码。请用 WPS 或记事本另存为 UTF-8 后再导入。',
  import_ragged:
    '第 {row} 行有 {found} 个单元格，而表头有 {expected} 列。请修正该行，或在“列数不齐的行”中选择保留多余单元格。',
  import_header_row: '第 {row} 行不能作为表头：预览只到第 {available} 行。请在预览中点击表头所在行的行号。',
  import_duplicate: '此文件已经导入过，是数据集“{name}”的第 {version} 版，没有重复导入。',
  dataset_not_found: '找不到数据集“{dataset}”，它可能已被删除。请返回数据集列表重新选择。',
  version_not_found: '数据集 {dataset} 没有第 {version} 版。请在版本列表中重新选择。',
  column_not_found: '数据集 {dataset} 没有第 {column} 列。请刷新后重试。',
  import_sheets_into_one: '多个工作表不能同时作为同一数据集的新版本，请只选择一个工作表。',
  metadata_invalid: '元数据未保存：“{label}”有问题（共 {count} 处）。请改正标出的字段后重试。',
  cancelled: '操作已取消，没有保留任何部分结果。',
  file_not_chosen: '开放已无法访问这个文件（可能是程序重新启动过）。请重新选择文件。',
  internal: '程序内部出错。请重新启动开放后再试；如果问题仍然存在，请联系技术支持并提供下方的技术信息。',
}

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

const zhCN = {
  app: {
    name: '开放 Kaifang',
    version: '版本 {version}',
  },
  nav: {
    label: '主导航',
    datasets: '数据集',
    review: '审核',
    publish: '发布',
    settings: '设置',
    collapse: '收起导航栏',
    expand: '展开导航栏',
  },
  shell: {
    workspace: '工作区',
    noWorkspace: '未打开工作区',
    // The switch shows the language it switches to, in that language.
    otherLanguage: 'English',
    switchLanguage: '切换为英文界面',
  },
  datasets: {
    title: '数据集',
    import: '导入表格',
    search: '搜索名称',
    searchLabel: '按名称搜索数据集',
    allStatuses: '全部状态',
    statusLabel: '按状态筛选',
    findings: '{count} 个问题',
    findingsHint: '导入时发现 {count} 个数据质量问题，打开数据集可查看详情',
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
  common: {
    none: '—',
  },
  status: {
    draft: '草稿',
    submitted: '已提交',
    returned: '已退回',
    approved: '已通过',
    published: '已发布',
  },
  types: {
    integer: '整数',
    decimal: '小数',
    date: '日期',
    datetime: '日期时间',
    boolean: '是/否',
    code: '编码',
    text: '文本',
  } satisfies Record<ColumnType, string>,
  wizard: {
    title: '导入表格',
    steps: {
      choose: '选择文件',
      check: '核对识别结果',
      run: '导入',
    },
    pick: '选择文件…',
    pickAgain: '换一个文件…',
    formats: '可以导入 Excel（XLSX、XLSM、XLSB、XLS）、WPS/OpenOffice（ODS）和 CSV/TXT 文本表格。',
    dropHint: '也可以把文件直接拖到窗口的任何位置。',
    encoding: '编码',
    encodingHint: '预览中出现乱码时，请换一种编码。',
    encodings: {
      utf8: 'UTF-8',
      utf8_bom: 'UTF-8（带 BOM）',
      utf16_le: 'UTF-16 LE',
      utf16_be: 'UTF-16 BE',
      gbk: 'GBK（简体中文 Windows 常用）',
      gb18030: 'GB18030',
    },
    delimiter: '分隔符',
    delimiters: {
      comma: '逗号',
      semicolon: '分号',
      tab: '制表符',
      pipe: '竖线',
    },
    sheet: '工作表',
    sheetAll: '全部工作表（每个工作表导入为一个数据集）',
    sheetSize: '{rows} 行 × {columns} 列',
    sheetHidden: '隐藏',
    sheetEmpty: '空',
    allSheetsNote: '预览显示第一个工作表“{sheet}”。隐藏的和空的工作表不会导入。',
    ragged: '列数不齐的行',
    raggedOptions: {
      extras: '保留多余单元格',
      pad: '舍弃多余单元格',
      fail: '停止导入',
    },
    raggedHelp: {
      extras: '比表头多出的单元格保存在名为“多余单元格”的列中，不丢失任何内容。',
      pad: '比表头多出的单元格将被舍弃，缺少的单元格留空。',
      fail: '遇到单元格数与表头不一致的行时停止，不导入任何内容。',
    },
    name: '数据集名称',
    nameAllSheets: '每个工作表以各自的标题或工作表名称命名。',
    into: '导入为新版本',
    intoNone: '否，导入为新的数据集',
    intoHint: '作为已有数据集的新版本导入时，保留原名称，并显示与上一版的差异。',
    preview: '预览',
    previewCount: '文件的前 {count} 行',
    previewHint: '表头行以底色标出，标题和说明行不会计入表格。表头不对时，请点击正确表头所在行的行号。',
    rowNumber: '行号',
    setHeader: '将第 {row} 行设为表头',
    roles: {
      title: '标题',
      note: '说明',
      blank: '空行',
    },
    header: '识别出的表头',
    headerRows: '第 {rows} 行，共 {count} 列',
    headerChosen: '已手动选择',
    headerAuto: '恢复自动识别',
    noHeader: '没有找到表头。请在预览中点击表头所在行的行号。',
    inspecting: '正在读取文件…',
    inspectError: '无法读取这个文件',
    start: '导入',
    cancel: '取消',
    phases: {
      reading: '正在读取文件…',
      writing: '正在写入工作区…',
      profiling: '正在分析各列…',
      finishing: '正在完成…',
    },
    rowsRead: '已读取 {rows} 行',
    cancelImport: '取消导入',
    cancelled: '导入已取消，没有导入任何内容。',
    done: '已导入“{name}”：{rows} 行。',
    doneMany: '已导入 {count} 个数据集，共 {rows} 行。',
    failed: '导入失败',
    openExisting: '打开该数据集',
    busy: '正在导入另一个文件。请等它完成或取消后再导入新的文件。',
    confirmClose: {
      title: '正在导入',
      message: '导入还没有完成。要取消导入并关闭吗？已读取的内容不会保存。',
      confirm: '取消导入并关闭',
      keep: '继续导入',
    },
  },
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
    later: {
      metadata: '数据集的说明信息（主题、更新频率、联系人、许可协议等）将在后续版本中在这里填写。',
      sensitive: '自动找出的身份证号、手机号等个人信息及其遮盖方式，将在后续版本中在这里查看和调整。',
      history: '提交、审核、退回和发布的记录，将在后续版本中在这里显示。',
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
  comingSoon: {
    tag: '即将推出',
    review:
      '这里将列出等待审核的数据集，最早提交的排在最前。打开一项即可查看数据说明是否完整、数据质量问题和敏感字段的遮盖效果，然后通过或退回并写明原因。',
    publish:
      '这里将列出已通过审核、尚未发布的数据集。点击“全部发布”即可发布到开放数据门户，并逐项显示进度和结果；失败的项目会写明原因，可以重试。',
    settings:
      '这里将可以设置开放数据门户的地址和访问令牌、本单位的默认信息（部门、联系人、许可协议、行政区划）、用户和角色、各类个人信息的遮盖方式，以及界面语言。',
  },
  workspaceError: {
    title: '无法打开工作区',
    support: '技术信息（供技术支持使用）：',
  },
  errors,
}

export type Messages = typeof zhCN
export default zhCN
