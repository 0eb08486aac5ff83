; Kaifang's Windows installer, built on Linux with Debian's makensis (scripts/dist.sh).
; Per-user: no administrator rights needed, installs under %LOCALAPPDATA%\Programs.
; The uninstaller keeps the user's workspace unless they ask for it to go.
; WebView2 is fetched at install time only when it is missing.
;
; makensis -DVERSION=x.y.z -DSRC=<folder with the exe, CLI and loader DLL> -DOUT=<setup.exe>

; A 64-bit installer for the 64-bit programs (it also runs where only 64-bit
; Windows programs run, as under Debian's Wine without its 32-bit part).
Target amd64-unicode
!include "MUI2.nsh"
!include "LogicLib.nsh"

!ifndef VERSION
  !error "pass -DVERSION=x.y.z"
!endif

Name "Kaifang 开放"
OutFile "${OUT}"
InstallDir "$LOCALAPPDATA\Programs\Kaifang"
InstallDirRegKey HKCU "Software\Kaifang" "InstallDir"
RequestExecutionLevel user
SetCompressor /SOLID lzma
VIProductVersion "${VERSION}.0"
VIAddVersionKey /LANG=2052 "ProductName" "Kaifang 开放"
VIAddVersionKey /LANG=2052 "FileVersion" "${VERSION}"
VIAddVersionKey /LANG=2052 "ProductVersion" "${VERSION}"
VIAddVersionKey /LANG=2052 "FileDescription" "Kaifang installer"
VIAddVersionKey /LANG=2052 "LegalCopyright" "Apache-2.0"

!define UNINST_KEY "Software\Microsoft\Windows\CurrentVersion\Uninstall\Kaifang"
; The Evergreen WebView2 runtime's client id.
!define WEBVIEW2_GUID "{F3017226-FE2A-4295-8BDF-00C3A9A7E4C5}"

!define MUI_ICON "${SRC}\icon.ico"
!define MUI_UNICON "${SRC}\icon.ico"
!insertmacro MUI_PAGE_DIRECTORY
!insertmacro MUI_PAGE_INSTFILES
!define MUI_FINISHPAGE_RUN "$INSTDIR\kaifang-desktop.exe"
!insertmacro MUI_PAGE_FINISH
!insertmacro MUI_UNPAGE_CONFIRM
!insertmacro MUI_UNPAGE_INSTFILES
!insertmacro MUI_LANGUAGE "SimpChinese"
!insertmacro MUI_LANGUAGE "English"

LangString WebViewNeeded ${LANG_SIMPCHINESE} "需要下载并安装 Microsoft WebView2 运行库。"
LangString WebViewNeeded ${LANG_ENGLISH} "Microsoft WebView2 Runtime is needed and will be downloaded."
LangString WebViewFailed ${LANG_SIMPCHINESE} "WebView2 运行库下载失败。开放已经安装，命令行程序 kaifang.exe 可以使用；桌面程序需要 WebView2 才能打开窗口。请连接网络后重新运行安装程序，或请信息科安装 WebView2。"
LangString WebViewFailed ${LANG_ENGLISH} "Downloading WebView2 Runtime failed. Kaifang is installed and the command-line program kaifang.exe works; the desktop program needs WebView2 to open its window. Connect to the network and run the installer again, or ask IT to install WebView2."
LangString RemoveData ${LANG_SIMPCHINESE} "是否同时删除工作区（所有导入的数据、审核记录和备份）？$\n选择“否”将保留，重新安装后可以继续使用。"
LangString RemoveData ${LANG_ENGLISH} "Also delete the workspace (all imported data, review records and backups)?$\nChoose No to keep it for a later installation."

Function .onInit
  ; Chinese by default on a Chinese system, English otherwise.
  ${If} $LANGUAGE != ${LANG_SIMPCHINESE}
    StrCpy $LANGUAGE ${LANG_ENGLISH}
  ${EndIf}
FunctionEnd

Function EnsureWebView2
  ReadRegStr $0 HKLM "SOFTWARE\WOW6432Node\Microsoft\EdgeUpdate\Clients\${WEBVIEW2_GUID}" "pv"
  ${If} $0 == ""
    ReadRegStr $0 HKLM "SOFTWARE\Microsoft\EdgeUpdate\Clients\${WEBVIEW2_GUID}" "pv"
  ${EndIf}
  ${If} $0 == ""
    ReadRegStr $0 HKCU "Software\Microsoft\EdgeUpdate\Clients\${WEBVIEW2_GUID}" "pv"
  ${EndIf}
  ${If} $0 == ""
  ${OrIf} $0 == "0.0.0.0"
    DetailPrint "$(WebViewNeeded)"
    NSISdl::download "https://go.microsoft.com/fwlink/p/?LinkId=2124703" "$TEMP\MicrosoftEdgeWebview2Setup.exe"
    Pop $1
    ${If} $1 != "success"
      ; The programs stay installed (the CLI needs no WebView2; the desktop
      ; program says what is missing when started). Silent installs go on.
      DetailPrint "$(WebViewFailed)"
      MessageBox MB_OK|MB_ICONEXCLAMATION "$(WebViewFailed)" /SD IDOK
    ${Else}
      ExecWait '"$TEMP\MicrosoftEdgeWebview2Setup.exe" /silent /install' $2
    ${EndIf}
    Delete "$TEMP\MicrosoftEdgeWebview2Setup.exe"
  ${EndIf}
FunctionEnd

Section "Kaifang" SecMain
  SetOutPath "$INSTDIR"
  File "${SRC}\kaifang-desktop.exe"
  File "${SRC}\kaifang.exe"
  File "${SRC}\WebView2Loader.dll"
  File "${SRC}\icon.ico"
  Call EnsureWebView2

  CreateDirectory "$SMPROGRAMS\Kaifang"
  CreateShortcut "$SMPROGRAMS\Kaifang\Kaifang 开放.lnk" "$INSTDIR\kaifang-desktop.exe" "" "$INSTDIR\icon.ico"
  CreateShortcut "$SMPROGRAMS\Kaifang\Uninstall Kaifang.lnk" "$INSTDIR\uninstall.exe"

  WriteUninstaller "$INSTDIR\uninstall.exe"
  WriteRegStr HKCU "Software\Kaifang" "InstallDir" "$INSTDIR"
  WriteRegStr HKCU "${UNINST_KEY}" "DisplayName" "Kaifang 开放"
  WriteRegStr HKCU "${UNINST_KEY}" "DisplayVersion" "${VERSION}"
  WriteRegStr HKCU "${UNINST_KEY}" "Publisher" "Kaifang"
  WriteRegStr HKCU "${UNINST_KEY}" "DisplayIcon" "$INSTDIR\icon.ico"
  WriteRegStr HKCU "${UNINST_KEY}" "UninstallString" '"$INSTDIR\uninstall.exe"'
  WriteRegDWORD HKCU "${UNINST_KEY}" "NoModify" 1
  WriteRegDWORD HKCU "${UNINST_KEY}" "NoRepair" 1
SectionEnd

Section "Uninstall"
  Delete "$INSTDIR\kaifang-desktop.exe"
  Delete "$INSTDIR\kaifang.exe"
  Delete "$INSTDIR\WebView2Loader.dll"
  Delete "$INSTDIR\icon.ico"
  Delete "$INSTDIR\uninstall.exe"
  RMDir "$INSTDIR"
  Delete "$SMPROGRAMS\Kaifang\Kaifang 开放.lnk"
  Delete "$SMPROGRAMS\Kaifang\Uninstall Kaifang.lnk"
  RMDir "$SMPROGRAMS\Kaifang"
  DeleteRegKey HKCU "${UNINST_KEY}"
  DeleteRegKey HKCU "Software\Kaifang"
  ; The workspace (%APPDATA%\kaifang) stays unless the user asks, default No.
  MessageBox MB_YESNO|MB_ICONQUESTION|MB_DEFBUTTON2 "$(RemoveData)" /SD IDNO IDNO keep
    RMDir /r "$APPDATA\kaifang"
  keep:
SectionEnd
