#pragma once
// The audit report in three forms: a terminal report, JSON for scripts, and a self-contained
// HTML page (inline CSS, no scripts, every value escaped) a person can send on.

#include <string>
#include <vector>

#include <nlohmann/json.hpp>

#include "audit/report.hpp"

namespace smbkit::audit {

std::string render_text(const std::vector<host_report>& hosts, bool color);
nlohmann::json to_json(const host_report& host);
std::string render_json(const std::vector<host_report>& hosts);
std::string render_html(const std::vector<host_report>& hosts, const std::string& generated_at);
std::string html_escape(std::string_view s);

}  // namespace smbkit::audit
