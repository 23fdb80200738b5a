//! Pagination, the Atlas way: `itemsPerPage` and `pageNum` in the query, `totalCount` in the body.

use serde::{Deserialize, Serialize};

use crate::problem::FieldError;

/// One page of a list, with what is needed to ask for the next.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "camelCase")]
pub struct Page<T> {
    pub results: Vec<T>,
    pub items_per_page: u32,
    pub page_num: u32,
    /// How many items the whole list holds, on every page.
    pub total_count: u64,
}

/// A validated page request.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct PageRequest {
    pub items_per_page: u32,
    pub page_num: u32,
}

impl PageRequest {
    pub const DEFAULT_ITEMS_PER_PAGE: u32 = 100;
    pub const MAX_ITEMS_PER_PAGE: u32 = 500;

    /// Reads the two query parameters as the client sent them (absent means the default).
    pub fn parse(
        items_per_page: Option<&str>,
        page_num: Option<&str>,
    ) -> Result<PageRequest, Vec<FieldError>> {
        let mut errors = Vec::new();
        let max = Self::MAX_ITEMS_PER_PAGE;
        let items_per_page = parse_bounded(items_per_page, Self::DEFAULT_ITEMS_PER_PAGE, 1, max)
            .map_err(|()| {
                let message = format!("itemsPerPage must be a whole number from 1 to {max}.");
                errors.push(FieldError::new("itemsPerPage", message));
            });
        let page_num = parse_bounded(page_num, 1, 1, u32::MAX).map_err(|()| {
            let message = "pageNum must be a whole number from 1 up.";
            errors.push(FieldError::new("pageNum", message));
        });

        match (items_per_page, page_num) {
            (Ok(items_per_page), Ok(page_num)) => Ok(PageRequest { items_per_page, page_num }),
            _ => Err(errors),
        }
    }

    /// How many items come before this page.
    pub fn offset(self) -> u64 {
        u64::from(self.page_num - 1) * u64::from(self.items_per_page)
    }
}

impl Default for PageRequest {
    fn default() -> Self {
        PageRequest { items_per_page: Self::DEFAULT_ITEMS_PER_PAGE, page_num: 1 }
    }
}

fn parse_bounded(raw: Option<&str>, default: u32, min: u32, max: u32) -> Result<u32, ()> {
    let Some(raw) = raw else { return Ok(default) };
    // Only plain digits: `+5`, ` 5` and `5.0` are refused rather than guessed at.
    if raw.is_empty() || !raw.bytes().all(|b| b.is_ascii_digit()) {
        return Err(());
    }
    match raw.parse::<u32>() {
        Ok(value) if (min..=max).contains(&value) => Ok(value),
        _ => Err(()),
    }
}
