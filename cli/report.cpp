#include "report.hpp"

#include <algorithm>
#include <cmath>
#include <cstdio>
#include <map>
#include <nlohmann/json.hpp>
#include <optional>
#include <sstream>

#include "empathy/json.hpp"

namespace empathy {

namespace {

using json = nlohmann::json;
using ordered = nlohmann::ordered_json;

// What the report needs of one conversation.
struct Row {
  std::vector<std::string> key;  // the values of the --by meta keys
  bool supported = true;         // false: in a language the model does not read, not scored
  double score = 0;
  bool missed = false;
  bool high_risk = false;
  bool missed_high_risk = false;
};

struct Stats {
  std::size_t count = 0;        // scored conversations (the figures below are theirs)
  std::size_t unsupported = 0;  // conversations in a language the model does not read, apart
  double mean = 0, p10 = 0, p50 = 0, p90 = 0;
  double missed_rate = 0;
  std::size_t high_risk = 0;
  double missed_high_risk_rate = 0;  // of the high-risk conversations; 0 when there are none
};

double round1(double x) { return std::round(x * 10.0) / 10.0; }

// Percentile with linear interpolation between closest ranks.
double percentile(const std::vector<double>& sorted, double q) {
  if (sorted.empty()) return 0;
  const double pos = q * static_cast<double>(sorted.size() - 1);
  const auto lo = static_cast<std::size_t>(std::floor(pos));
  const auto hi = std::min(lo + 1, sorted.size() - 1);
  return sorted[lo] + (sorted[hi] - sorted[lo]) * (pos - static_cast<double>(lo));
}

Stats stats_of(const std::vector<const Row*>& rows) {
  Stats s;
  std::vector<double> scores;
  std::size_t missed = 0, missed_high = 0;
  for (const Row* r : rows) {
    if (!r->supported) {
      ++s.unsupported;
      continue;
    }
    ++s.count;
    scores.push_back(r->score);
    missed += r->missed;
    s.high_risk += r->high_risk;
    missed_high += r->missed_high_risk;
  }
  if (s.count == 0) return s;
  std::sort(scores.begin(), scores.end());
  double sum = 0;
  for (double v : scores) sum += v;
  s.mean = round1(sum / static_cast<double>(scores.size()));
  s.p10 = round1(percentile(scores, 0.10));
  s.p50 = round1(percentile(scores, 0.50));
  s.p90 = round1(percentile(scores, 0.90));
  s.missed_rate = std::round(1000.0 * static_cast<double>(missed) / static_cast<double>(s.count)) / 1000.0;
  if (s.high_risk > 0)
    s.missed_high_risk_rate =
        std::round(1000.0 * static_cast<double>(missed_high) / static_cast<double>(s.high_risk)) / 1000.0;
  return s;
}

std::string num(double v) {
  char buf[32];
  std::snprintf(buf, sizeof buf, "%g", v);
  return buf;
}

// A CSV field, quoted when it holds a comma, a quote or a line break.
std::string csv(const std::string& s) {
  if (s.find_first_of(",\"\n\r") == std::string::npos) return s;
  std::string out = "\"";
  for (char c : s) out += c == '"' ? std::string("\"\"") : std::string(1, c);
  return out + "\"";
}

// A Markdown table cell: pipes escaped, line breaks flattened.
std::string cell(const std::string& s) {
  std::string out;
  for (char c : s)
    out += c == '|' ? std::string("\\|") : (c == '\n' || c == '\r') ? std::string(" ") : std::string(1, c);
  return out;
}

// A group none of whose conversations was scored has no figures (null), never zeros.
ordered stats_json(const Stats& s) {
  const auto figure = [&](double v) { return s.count ? ordered(v) : ordered(nullptr); };
  ordered o;
  o["count"] = s.count;
  o["unsupported"] = s.unsupported;
  o["mean"] = figure(s.mean);
  o["p10"] = figure(s.p10);
  o["p50"] = figure(s.p50);
  o["p90"] = figure(s.p90);
  o["missedEmpathyRate"] = figure(s.missed_rate);
  o["highRisk"] = s.high_risk;
  o["missedHighRiskRate"] = s.high_risk ? ordered(s.missed_high_risk_rate) : ordered(nullptr);
  return o;
}

std::vector<std::string> stats_cells(const Stats& s) {
  const auto figure = [&](double v) { return s.count ? num(v) : std::string(); };
  return {std::to_string(s.count),
          std::to_string(s.unsupported),
          figure(s.mean),
          figure(s.p10),
          figure(s.p50),
          figure(s.p90),
          figure(s.missed_rate),
          std::to_string(s.high_risk),
          s.high_risk ? num(s.missed_high_risk_rate) : ""};
}

const std::vector<std::string> kStatNames{
    "count", "unsupported", "mean", "p10", "p50", "p90", "missedEmpathyRate", "highRisk", "missedHighRiskRate"};

bool has_flag(const json& flags, const char* flag) {
  if (!flags.is_array()) return false;
  return std::any_of(flags.begin(), flags.end(),
                     [&](const json& f) { return f.is_string() && f.get<std::string>() == flag; });
}

// One line of the input: a conversation's row, or the error that stops it (said with where).
struct Line {
  std::optional<Row> row;
  std::string error;
};

Line read_line(const Models& models, const std::string& line, const std::vector<std::string>& by) {
  Line out;
  if (line.find_first_not_of(" \t\r") == std::string::npos) return out;
  // A conversation result (it has a score and flags) is taken as it is; a raw
  // conversation is scored here.
  json doc = json::parse(line, nullptr, false);
  if (doc.is_discarded() || !doc.is_object()) {
    out.error = "expected a conversation or a conversation result (a JSON object)";
    return out;
  }
  json result;
  if (doc.contains("score") && doc.contains("flags")) {
    result = std::move(doc);
    const bool unsupported = result.value("supported", true) == false;
    if (!result["score"].is_number() && !(unsupported && result["score"].is_null())) {
      out.error = "score: expected a number";
      return out;
    }
  } else {
    const JsonOutput scored = score_json(models, line);
    result = json::parse(scored.json, nullptr, false);
    if (!scored.ok) {
      out.error = result.value("error", std::string("cannot be scored"));
      return out;
    }
    if (!result.contains("flags")) {
      out.error = "expected a conversation (with \"turns\"), not a single request";
      return out;
    }
  }
  Row row;
  row.supported = result["score"].is_number();
  row.score = row.supported ? result["score"].get<double>() : 0;
  const json& flags = result["flags"];
  row.missed = has_flag(flags, "missed-empathy");
  row.missed_high_risk = has_flag(flags, "missed-empathy-high-risk");
  if (const auto turns = result.find("turns"); turns != result.end() && turns->is_array())
    for (const auto& t : *turns)
      if (const auto c = t.find("customer"); c != t.end() && c->is_object())
        if (const auto risk = c->find("risk"); risk != c->end() && risk->is_array() && !risk->empty())
          row.high_risk = true;
  row.high_risk = row.high_risk || row.missed_high_risk;
  const auto meta = result.find("meta");
  for (const auto& key : by) {
    std::string value = "(none)";
    if (meta != result.end() && meta->is_object())
      if (const auto v = meta->find(key); v != meta->end() && v->is_string()) value = v->get<std::string>();
    row.key.push_back(value);
  }
  out.row = std::move(row);
  return out;
}

struct NoState {};

}  // namespace

ReportOutput report(const Models& models, std::istream& in, const std::string& name, const std::vector<std::string>& by,
                    ReportFormat format, unsigned jobs, cli::Progress* progress) {
  ReportOutput out;
  std::vector<Row> rows;
  cli::ordered_lines<NoState, Line>(
      in, jobs, progress, [&](NoState&, const std::string& line, std::size_t) { return read_line(models, line, by); },
      [&](Line&& l, std::size_t number) {
        if (!l.error.empty()) out.errors.push_back(name + ":" + std::to_string(number) + ": " + l.error);
        if (l.row) rows.push_back(std::move(*l.row));
      });

  std::map<std::vector<std::string>, std::vector<const Row*>> groups;
  std::vector<const Row*> all;
  for (const auto& r : rows) {
    groups[r.key].push_back(&r);
    all.push_back(&r);
  }

  std::ostringstream text;
  if (format == ReportFormat::json) {
    ordered o;
    o["by"] = by;
    ordered list = ordered::array();
    if (!by.empty())
      for (const auto& [key, members] : groups) {
        ordered g;
        ordered k = ordered::object();
        for (std::size_t i = 0; i < by.size(); ++i) k[by[i]] = key[i];
        g["key"] = std::move(k);
        ordered stats = stats_json(stats_of(members));  // kept alive for items()
        for (auto& [field, v] : stats.items()) g[field] = std::move(v);
        list.push_back(std::move(g));
      }
    o["groups"] = std::move(list);
    o["overall"] = all.empty() ? ordered(nullptr) : stats_json(stats_of(all));
    text << o.dump(-1, ' ', false, nlohmann::detail::error_handler_t::replace) << "\n";
  } else {
    std::vector<std::string> header = by;
    header.insert(header.end(), kStatNames.begin(), kStatNames.end());
    std::vector<std::vector<std::string>> table;
    if (!by.empty())
      for (const auto& [key, members] : groups) {
        auto cells = key;
        auto s = stats_cells(stats_of(members));
        cells.insert(cells.end(), s.begin(), s.end());
        table.push_back(std::move(cells));
      }
    if (!all.empty()) {
      std::vector<std::string> cells(by.size(), "");
      if (!cells.empty()) cells[0] = "all";
      auto s = stats_cells(stats_of(all));
      cells.insert(cells.end(), s.begin(), s.end());
      table.push_back(std::move(cells));
    }
    if (format == ReportFormat::csv) {
      for (std::size_t i = 0; i < header.size(); ++i) text << (i ? "," : "") << csv(header[i]);
      text << "\n";
      for (const auto& r : table) {
        for (std::size_t i = 0; i < r.size(); ++i) text << (i ? "," : "") << csv(r[i]);
        text << "\n";
      }
    } else {
      text << "|";
      for (const auto& h : header) text << " " << h << " |";
      text << "\n|";
      for (std::size_t i = 0; i < header.size(); ++i) text << (i < by.size() ? "---|" : "---:|");
      text << "\n";
      for (const auto& r : table) {
        text << "|";
        for (const auto& c : r) text << " " << cell(c) << " |";
        text << "\n";
      }
    }
  }
  out.text = text.str();
  return out;
}

}  // namespace empathy
