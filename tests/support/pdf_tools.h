// What a test sees in a PDF, through poppler-utils (Debian): the text of a
// page as pdftotext -layout lays it out, the fonts pdffonts lists, the
// page count from pdfinfo, and a page saved as a PNG (pdftoppm) for a
// person to look at.
#pragma once

#include <cstdio>
#include <filesystem>
#include <fstream>
#include <string>

namespace xinbao::testing {

// The standard output of `command` (run by /bin/sh).
inline std::string CommandOutput(const std::string& command) {
  std::string output;
  FILE* pipe = ::popen(command.c_str(), "r");
  if (pipe == nullptr) return output;
  char buffer[4096];
  while (std::size_t read = std::fread(buffer, 1, sizeof buffer, pipe)) {
    output.append(buffer, read);
  }
  ::pclose(pipe);
  return output;
}

inline std::string Quoted(const std::filesystem::path& path) {
  return "'" + path.string() + "'";
}

inline void WriteFile(const std::filesystem::path& path, const std::string& bytes) {
  std::ofstream(path, std::ios::binary) << bytes;
}

// The text of page `page` (1-based), laid out as on the page.
inline std::string PdfPageText(const std::filesystem::path& pdf, int page) {
  const std::string n = std::to_string(page);
  return CommandOutput("pdftotext -layout -f " + n + " -l " + n + " " + Quoted(pdf) + " -");
}

// The text of page `page` in the order it was drawn (pdftotext -raw):
// what lies under the text (a watermark) comes first.
inline std::string PdfPageRawText(const std::filesystem::path& pdf, int page) {
  const std::string n = std::to_string(page);
  return CommandOutput("pdftotext -raw -f " + n + " -l " + n + " " + Quoted(pdf) + " -");
}

// `text` without its spaces and line breaks (letter-spaced titles and
// wrapped lines read whole). pdftotext gives an ideographic space (U+3000)
// as spaces, so "城关镇　县林业局" reads "城关镇县林业局".
inline std::string Squeezed(const std::string& text) {
  std::string out;
  for (char c : text) {
    if (c != ' ' && c != '\n' && c != '\f') out += c;
  }
  return out;
}

inline std::string PdfFonts(const std::filesystem::path& pdf) {
  return CommandOutput("pdffonts " + Quoted(pdf));
}

inline int PdfPageCount(const std::filesystem::path& pdf) {
  const std::string info = CommandOutput("pdfinfo " + Quoted(pdf));
  const std::size_t at = info.find("Pages:");
  return at == std::string::npos ? 0 : std::stoi(info.substr(at + 6));
}

// Page `page` as a PNG at 80 dpi, written to `png`.
inline void SavePagePng(const std::filesystem::path& pdf, int page,
                        const std::filesystem::path& png) {
  const std::string n = std::to_string(page);
  std::filesystem::path stem = png;
  stem.replace_extension();
  CommandOutput("pdftoppm -png -r 80 -singlefile -f " + n + " -l " + n + " " + Quoted(pdf) +
                " " + Quoted(stem));
}

// Writes `pdf` as `dir`/`name` with a PNG of every page beside it
// (page1.png, page2.png …) for a person to look at; returns its path.
inline std::filesystem::path KeepPdf(const std::string& pdf, const std::filesystem::path& dir,
                                     const std::string& name) {
  const std::filesystem::path path = dir / name;
  WriteFile(path, pdf);
  for (int page = 1; page <= PdfPageCount(path); ++page) {
    SavePagePng(path, page, dir / ("page" + std::to_string(page) + ".png"));
  }
  return path;
}

}  // namespace xinbao::testing
