//! The main window's size: it fits the screen it opens on (maximised on the
//! 1366×768 screens of most county offices, where 1280×800 would put the grid's
//! scrollbar and the sidebar's controls below the screen's edge), and it opens
//! next time as the user left it.

use std::path::{Path, PathBuf};

use serde::{Deserialize, Serialize};
use tauri::{LogicalPosition, LogicalSize, Manager, WebviewWindow};

/// The size the window asks for on a large screen (logical pixels).
const PREFERRED: (f64, f64) = (1280.0, 800.0);
/// The smallest size the UI is laid out for (tauri.conf.json's minimum).
const MINIMUM: (f64, f64) = (1024.0, 640.0);
/// Screens up to this size get the whole work area.
const SMALL_SCREEN: (f64, f64) = (1366.0, 768.0);
const FILE: &str = "window.json";

/// How the window was left (logical pixels).
#[derive(Debug, Clone, Copy, PartialEq, Serialize, Deserialize)]
pub struct Saved {
    pub width: f64,
    pub height: f64,
    pub maximized: bool,
}

/// Where and how large the window opens.
#[derive(Debug, Clone, Copy, PartialEq)]
pub enum Placement {
    /// The whole work area (set as a size too: without a window manager, as
    /// under Xvfb, a request to maximise does nothing).
    Maximized,
    /// A size, centred in the work area.
    Sized { width: f64, height: f64 },
}

/// The placement for a work area of `area` (logical pixels) and what was saved.
pub fn placement(area: (f64, f64), saved: Option<Saved>) -> Placement {
    let (w, h) = area;
    match saved {
        Some(s) if s.maximized => return Placement::Maximized,
        // A size saved on a larger screen would not fit this one.
        Some(s) if s.width <= w && s.height <= h && s.width >= MINIMUM.0 && s.height >= MINIMUM.1 => {
            return Placement::Sized { width: s.width, height: s.height };
        }
        _ => {}
    }
    if w <= SMALL_SCREEN.0 || h <= SMALL_SCREEN.1 {
        return Placement::Maximized;
    }
    Placement::Sized { width: PREFERRED.0.min(w), height: PREFERRED.1.min(h) }
}

fn saved_path(window: &WebviewWindow) -> Option<PathBuf> {
    window.app_handle().path().app_config_dir().ok().map(|d| d.join(FILE))
}

fn read(path: &Path) -> Option<Saved> {
    serde_json::from_slice(&std::fs::read(path).ok()?).ok()
}

/// Sizes the window before it is shown. Failures leave tauri.conf.json's size.
pub fn fit(window: &WebviewWindow) {
    let Ok(Some(monitor)) = window.current_monitor().or_else(|_| window.primary_monitor()) else { return };
    let scale = monitor.scale_factor();
    let area = monitor.work_area();
    let (x, y) = (f64::from(area.position.x) / scale, f64::from(area.position.y) / scale);
    let (w, h) = (f64::from(area.size.width) / scale, f64::from(area.size.height) / scale);
    let saved = saved_path(window).as_deref().and_then(read);
    let result = match placement((w, h), saved) {
        Placement::Maximized => window
            .set_position(LogicalPosition::new(x, y))
            .and_then(|()| window.set_size(LogicalSize::new(w, h)))
            .and_then(|()| window.maximize()),
        Placement::Sized { width, height } => window
            .set_size(LogicalSize::new(width, height))
            .and_then(|()| window.set_position(LogicalPosition::new(x + (w - width) / 2.0, y + (h - height) / 2.0))),
    };
    if let Err(e) = result {
        eprintln!("kaifang: the window could not be fitted to the screen: {e}");
    }
}

/// Keeps how the window is left, for next time.
pub fn remember(window: &WebviewWindow) {
    let (Some(path), Ok(size), Ok(scale), Ok(maximized)) =
        (saved_path(window), window.inner_size(), window.scale_factor(), window.is_maximized())
    else {
        return;
    };
    let logical = size.to_logical::<f64>(scale);
    let saved = Saved { width: logical.width, height: logical.height, maximized };
    let written = path
        .parent()
        .map_or(Ok(()), std::fs::create_dir_all)
        .and_then(|()| std::fs::write(&path, serde_json::to_vec(&saved).unwrap_or_default()));
    if let Err(e) = written {
        eprintln!("kaifang: the window's size could not be kept: {e}");
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn small_office_screens_get_the_whole_work_area() {
        // 1366×768 with a 40-pixel taskbar: 1280×800 would not fit.
        assert_eq!(placement((1366.0, 728.0), None), Placement::Maximized);
        assert_eq!(placement((1280.0, 1024.0), None), Placement::Maximized);
    }

    #[test]
    fn large_screens_get_the_preferred_size() {
        assert_eq!(placement((1920.0, 1040.0), None), Placement::Sized { width: 1280.0, height: 800.0 });
    }

    #[test]
    fn the_size_left_last_time_is_kept_when_it_fits() {
        let s = Saved { width: 1500.0, height: 900.0, maximized: false };
        assert_eq!(placement((1920.0, 1040.0), Some(s)), Placement::Sized { width: 1500.0, height: 900.0 });
        assert_eq!(placement((1366.0, 728.0), Some(s)), Placement::Maximized, "not on a smaller screen");
        let max = Saved { maximized: true, ..s };
        assert_eq!(placement((1920.0, 1040.0), Some(max)), Placement::Maximized);
        let tiny = Saved { width: 300.0, height: 200.0, maximized: false };
        assert_eq!(placement((1920.0, 1040.0), Some(tiny)), Placement::Sized { width: 1280.0, height: 800.0 });
    }
}
