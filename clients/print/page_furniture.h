// What every page of a printed document carries besides its text: the
// page number, and a draft's watermark. Internal to clients/print.
//
// Threads: as PageFlow (the flow's own thread).
#pragma once

#include "clients/print/page_flow.h"

namespace xinbao::print {

// "— N —" centred 7 mm under the text block (GB/T 9704), 14 pt.
void PageNumber(PageFlow& flow, int page_number);

// "样稿" large, light grey, across the page's diagonal, under the text.
void DraftWatermark(PageFlow& flow);

}  // namespace xinbao::print
