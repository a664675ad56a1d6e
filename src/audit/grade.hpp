#pragma once
// Grades a host_report into findings, with the seed's reasoning: SMB (445) or NetBIOS
// sessions (139) reachable from outside the LAN are HIGH risk, to be restricted at once;
// SMB1 accepted is HIGH wherever it is (wormable: the EternalBlue / WannaCry class).

#include "audit/report.hpp"

namespace smbkit::audit {

// Replaces report.findings with the graded findings, worst first.
void grade(host_report& report);

}  // namespace smbkit::audit
