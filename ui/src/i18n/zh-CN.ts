// The reference catalog: its shape is the type every other language must match.
// Written for a county clerk: plain words, and each error says what to do next.
// vue-i18n treats { } @ $ | as syntax, so messages avoid them outside placeholders.

import type { ErrorCode } from '../api'

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
  internal: '程序内部出错。请重新启动开放后再试；如果问题仍然存在，请联系技术支持并提供下方的技术信息。',
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
    importComingSoon: '表格导入功能即将推出：届时点击此按钮即可选择 Excel 或 CSV 文件导入。',
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
