// The Chinese messages of metadata, the data dictionary and workspace defaults: part of the reference
// catalog (see ../zh-CN.ts), whose shape every other language must match.

import type { ChecklistKey, ProblemKind } from '../../api'

// Why a metadata value was refused: {label} is the field's name in the current
// language, {detail} a limit, the offending value, or (end_before_start) the start.
const problemKinds: Record<ProblemKind, string> = {
  missing: '“{label}”为必填项',
  too_long: '“{label}”过长（最多 {detail} 个字）',
  control_characters: '“{label}”包含不可见的控制字符，请删除后重新输入',
  emoji: '“{label}”不能包含表情符号',
  not_in_code_list: '“{label}”：“{detail}”不是可选的值，请从列表中选择',
  invalid_date: '“{label}”：“{detail}”不是有效日期，请按 YYYY-MM-DD 填写',
  end_before_start: '“{label}”早于起始日期 {detail}',
  invalid_email: '“{label}”不是有效的邮箱地址',
  invalid_phone: '“{label}”不是有效的电话号码（如 0851-12345678）',
  invalid_region_code: '“{label}”应为六位行政区划代码（如 520102）',
  invalid_identifier: '“{label}”只能包含字母、数字和 - _ . / :',
  too_many_keywords: '“{label}”最多 {detail} 个',
  unknown_field: '“{label}”不是元数据字段',
}

const checklistItems: Record<ChecklistKey, string> = {
  metadata_complete: '必填信息已填写且无误',
  dictionary_described: '所有公开列都已填写说明',
  open_type_chosen: '已选择开放属性',
  sensitive_fields_handled: '已识别并处理个人信息',
}

const messages = {
  meta: {
    loadError: '无法读取元数据',
    retry: '重试',
    groups: {
      auto: '自动生成的信息',
      basic: '基本信息',
      openness: '开放',
      coverage: '覆盖范围',
      contact: '联系方式',
      dictionary: '信息项',
    },
    sections: '跳转到',
    recommended: '建议填写',
    choose: '请选择',
    keywordsPlaceholder: '输入标签后按回车，可一次输入多个，用逗号分隔',
    datePlaceholder: 'YYYY-MM-DD',
    suggestion: '建议：{value}',
    apply: '采用',
    applyLabel: '将建议值“{value}”填入“{label}”',
    save: '保存',
    discard: '撤销修改',
    saved: '元数据已保存',
    nothingToSave: '没有需要保存的修改',
    unsaved: '{count} 项修改未保存',
    allSaved: '所有修改已保存',
    shortcut: '按 Ctrl+S 保存',
    latestOnly: '元数据属于最新版本（第 {version} 版），对所有版本通用。',
    otherProblems: '以下问题不在表单的字段上：',
    problems: problemKinds,
    completeness: '完整度',
    completenessHint: '必填项计两分，建议填写项计一分，信息项说明计两分。',
    completenessLive: '按当前填写计算，含未保存的修改。',
    overdue: '按更新周期，本数据集应在 {date} 前更新，目前已逾期。请导入新的版本。',
    checklist: {
      title: '发布前检查',
      items: checklistItems,
      states: {
        done: '已完成',
        todo: '未完成',
        pending: '待检查',
      },
      pending: '尚未逐行检查全部数据。导入后会在后台自动检查；也可以在“敏感字段”标签页中点击“全面检查”。',
      missing: '还需填写：',
    },
    auto: {
      intro: '以下内容由导入的数据自动得出，无需填写。',
      issued: '首次发布日期',
      notPublished: '尚未发布',
      modified: '更新日期',
      version: '版本号',
      versionValue: '第 {version} 版',
      rows: '数据量',
      rowsValue: '{rows} 行',
      format: '资源格式',
      slug: '门户名称',
      slugHint: '数据集在门户上的网址名称，由资源代码或数据集名称生成，发布后固定不变。',
      slugFixed: '已固定',
    },
    export: {
      button: '导出元数据',
      formats: {
        dcat: 'DCAT-AP（JSON-LD）',
        datapackage: 'Frictionless 数据包（zip，含脱敏后的数据）',
        ckan: 'CKAN 数据集（JSON）',
      },
      saved: '已保存为 {name}',
      savedUnsaved: '已保存为 {name}。尚未保存的修改不包含在内。',
      failed: '导出失败：{reason}',
    },
    dictionary: {
      intro: '逐列说明数据的含义。关闭“开放”的列不予开放，不会出现在任何公开数据中。每处修改在离开输入框时自动保存。',
      keys: 'Enter 或 Tab：下一行的同一列；Shift 反向；← →：在说明、单位和开放之间移动',
      described: '已说明 {done} / {total} 个公开列',
      columns: {
        position: '#',
        name: '列名',
        type: '类型',
        description: '说明',
        unit: '单位',
        open: '开放',
      },
      openTooltip: '关闭即“不予开放”：该列会从每一份公开数据中删除。',
      closed: '不予开放',
      openLabel: '开放列“{name}”',
      descriptionLabel: '列“{name}”的说明',
      unitLabel: '列“{name}”的单位',
      descriptionPlaceholder: '这一列记录的是什么',
      unitPlaceholder: '如 元、人',
      saving: '正在保存…',
      saved: '已保存',
      failed: '未保存',
      empty: '这个数据集没有列。',
    },
  },
  region: {
    chosen: '行政区划代码 {code} · {name}',
    placeholder: '选择省 / 市 / 县，或输入县区名称查找',
    loading: '正在读取行政区划…',
    loadFailed: '无法读取行政区划列表。',
    retry: '重试',
    help: '可以输入县区名称（如“东城”）查找，用方向键和回车选择。',
    unknown: '已保存的代码 {code} 不在行政区划列表中；请重新选择。',
  },
  settings: {
    defaults: {
      title: '单位默认值',
      intro: '这些信息会自动填入今后导入的每个新数据集，可在各数据集的元数据中修改。已有的数据集不受影响。',
      save: '保存默认值',
      saved: '单位默认值已保存，今后导入的新数据集会自动填入。',
      nothingToSave: '没有需要保存的修改',
      loadError: '无法读取单位默认值',
      retry: '重试',
      region: '地区',
      regionHelp: '选择后同时填入“行政区划代码”和“空间范围”。',
    },
  },
}

export type MetadataMessages = typeof messages
export default messages
