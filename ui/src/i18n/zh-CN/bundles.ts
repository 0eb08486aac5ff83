// The Chinese messages of review bundles: part of the reference
// catalog (see ../zh-CN.ts), whose shape every other language must match.


const messages = {
  bundles: {
    export: '导出审核包',
    exportHint: '把勾选的数据集（须已提交审核）打包成一个文件，拷到审核人的电脑上导入。',
    exportDecisions: '导出审核结果',
    exportDecisionsHint: '把审核结果打包成一个文件，拷回经办人的电脑上导入。',
    import: '导入审核包',
    importHint: '导入从另一台电脑带来的审核包（.kaifang 文件）。也可以把文件直接拖到窗口中。',
    selectFirst: '请先在列表中勾选要交给审核人的数据集。',
    exported: '审核包已保存为 {name}',
    exportFailed: '未能导出',
    busy: '正在导入另一个审核包，请等它完成。',
    decisions: {
      title: '导出审核结果',
      intro: '选择要带回经办人电脑的审核结果。',
      none: '还没有已通过或已退回的数据集，暂时没有可以导出的审核结果。',
      confirm: '导出',
      cancel: '取消',
    },
    report: {
      title: '审核包已导入',
      failed: '审核包未能导入',
      file: '文件：{name}',
      submissions: '收到 {count} 个提交审核的数据集：',
      decisions: '收到 {count} 个审核结果：',
      none: '审核包中没有数据集。',
      outcomes: {
        added: '已加入审核列表',
        unchanged: '已在本机，没有变化',
        approved: '已通过',
        returned: '已退回，请查看审核意见',
      },
      open: '打开',
      close: '关闭',
    },
  },
}

export type BundlesMessages = typeof messages
export default messages
