// empathy report: the "Be Empathetic" score aggregated by team, channel, shift or any
// meta key, from conversations (scored here) or conversation results.
#pragma once

#include <istream>
#include <string>
#include <vector>

#include "empathy/empathy.hpp"
#include "parallel.hpp"

namespace empathy {

enum class ReportFormat { markdown, csv, json };

struct ReportOutput {
  std::string text;                 // the table, in the chosen format
  std::vector<std::string> errors;  // one per bad line, naming the file, line and field
};

// Scores on jobs threads (the same report for any number); progress may be null.
ReportOutput report(const Models& models, std::istream& in, const std::string& name, const std::vector<std::string>& by,
                    ReportFormat format, unsigned jobs = 1, cli::Progress* progress = nullptr);

}  // namespace empathy
