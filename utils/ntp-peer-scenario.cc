/*
 * ntp-peer-scenario FILE_OR_DIR... [--json] [--junit FILE] [--out DIR [--pcap]] [--seed N]
 *                   [--set PATH=VALUE]... [--dryRun] [--progress | --no-progress]
 *
 * Runs topology scenario files (YAML, scenarios/ has examples) and checks
 * their expectations. Prints one line per expectation and a summary, or with
 * --json exactly one JSON object; --junit writes JUnit XML (a test case per
 * expectation) for CI systems; --out writes per-node time series, the JSON
 * report and with --pcap captures (see NtpScenarioOutput); --seed replaces
 * every file's seed; --set overrides a value of every file (for sweeps); --dryRun reads and
 * checks the files (with --set) and runs nothing; --progress reports each run's simulated time,
 * speed and expected end on stderr (the default when stderr is a terminal). Exit status: 0 every
 * expectation held, 1 one failed, 2 a file is invalid or a CLI line was refused that no
 * config_error expectation names.
 */
#include "ns3/core-module.h"
#include "ns3/ntp-peer-progress.h"
#include "scenario-file.h"
#include "scenario-run.h"

#include <algorithm>
#include <cstdio>
#include <filesystem>
#include <fstream>
#include <iostream>
#include <nlohmann/json.hpp>
#include <optional>
#include <sstream>
#include <string>
#include <vector>

using namespace ns3;

namespace
{

int
Usage(const std::string& problem)
{
    std::cerr << "ntp-peer-scenario: " << problem
              << " (accepted: FILE_OR_DIR... [--json] [--junit FILE] [--out DIR [--pcap]] "
                 "[--seed N] [--set PATH=VALUE]... [--dryRun] [--progress | --no-progress]; a "
                 "directory runs its *.yaml files)"
              << std::endl;
    return 2;
}

std::string
Xml(const std::string& text)
{
    std::string out;
    for (char c : text)
    {
        switch (c)
        {
        case '&':
            out += "&amp;";
            break;
        case '<':
            out += "&lt;";
            break;
        case '>':
            out += "&gt;";
            break;
        case '"':
            out += "&quot;";
            break;
        default:
            out += c;
        }
    }
    return out;
}

/// One <testsuite> per file, one <testcase> per expectation; a refused CLI
/// line or a topology error is a failing case of its own.
void
WriteJunit(std::ostream& out, const NtpScenarioFile& file, const NtpScenarioReport& report)
{
    size_t failures = report.error.empty() ? 0 : 1;
    failures += report.unexpectedConfigErrors.size();
    for (const NtpScenarioReport::Check& check : report.checks)
    {
        failures += check.passed ? 0 : 1;
    }
    const size_t tests = report.checks.size() + report.unexpectedConfigErrors.size()
                       + (report.error.empty() ? 0 : 1);
    out << "  <testsuite name=\"" << Xml(report.name) << "\" tests=\"" << tests << "\" failures=\""
        << failures << "\">\n";
    auto testCase = [&](const std::string& name, bool passed, const std::string& detail)
    {
        out << "    <testcase classname=\"" << Xml(file.path) << "\" name=\"" << Xml(name) << "\"";
        if (passed)
        {
            out << "/>\n";
            return;
        }
        out << ">\n      <failure message=\"" << Xml(detail) << "\"/>\n    </testcase>\n";
    };
    if (!report.error.empty())
    {
        testCase("topology", false, report.error);
    }
    for (const std::string& error : report.unexpectedConfigErrors)
    {
        testCase("configuration", false, "a CLI line was refused: " + error);
    }
    for (const NtpScenarioReport::Check& check : report.checks)
    {
        testCase(check.description, check.passed, check.detail);
    }
    out << "  </testsuite>\n";
}

} // namespace

int
main(int argc, char* argv[])
{
    bool json = false;
    bool pcap = false;
    bool dryRun = false;
    bool progress = NtpProgress::StderrIsTerminal();
    std::string junit;
    std::string out;
    std::string seed;
    std::vector<std::string> overrides;
    std::vector<std::string> files;
    for (int i = 1; i < argc; ++i)
    {
        const std::string arg = argv[i];
        // Options with a value, as "--name VALUE" or "--name=VALUE".
        const std::string name = arg.substr(0, arg.find('='));
        std::string* target = name == "--junit" ? &junit
                            : name == "--out"   ? &out
                            : name == "--seed"  ? &seed
                            : name == "--set"   ? &overrides.emplace_back()
                                                : nullptr;
        if (arg == "--json")
        {
            json = true;
        }
        else if (arg == "--pcap")
        {
            pcap = true;
        }
        else if (arg == "--dryRun")
        {
            dryRun = true;
        }
        else if (arg == "--progress" || arg == "--no-progress")
        {
            progress = arg == "--progress";
        }
        else if (target)
        {
            const bool inlineValue = arg.find('=') != std::string::npos;
            if (!inlineValue && i + 1 >= argc)
            {
                return Usage(name + " needs a value");
            }
            *target = inlineValue ? arg.substr(arg.find('=') + 1) : argv[++i];
            if (target->empty())
            {
                return Usage(name + " needs a value");
            }
        }
        else if (arg.rfind("--", 0) == 0)
        {
            return Usage("unknown option " + arg);
        }
        else if (std::filesystem::is_directory(arg))
        {
            std::vector<std::string> found;
            for (const auto& entry : std::filesystem::directory_iterator(arg))
            {
                if (entry.path().extension() == ".yaml" || entry.path().extension() == ".yml")
                {
                    found.push_back(entry.path().string());
                }
            }
            std::sort(found.begin(), found.end());
            files.insert(files.end(), found.begin(), found.end());
        }
        else
        {
            files.push_back(arg);
        }
    }
    if (files.empty())
    {
        return Usage("no scenario file given");
    }
    if (pcap && out.empty())
    {
        return Usage("--pcap needs --out DIR");
    }
    std::optional<uint32_t> seedValue;
    if (!seed.empty())
    {
        if (seed.size() > 10 || seed.find_first_not_of("0123456789") != std::string::npos
            || std::stoull(seed) < 1 || std::stoull(seed) > 4294967295ULL)
        {
            return Usage("--seed " + seed + ": not a run number 1..4294967295");
        }
        seedValue = static_cast<uint32_t>(std::stoull(seed));
    }
    // Every file is read and checked before anything runs.
    std::vector<NtpScenarioFile> scenarios;
    for (const std::string& path : files)
    {
        std::string error;
        auto scenario = ReadNtpScenarioFile(path, error, overrides);
        if (!scenario)
        {
            std::cerr << error << std::endl;
            return 2;
        }
        if (seedValue)
        {
            scenario->seed = *seedValue;
        }
        scenarios.push_back(*scenario);
    }
    if (dryRun)
    {
        return 0;
    }
    std::ofstream junitFile;
    if (!junit.empty())
    {
        junitFile.open(junit);
        if (!junitFile)
        {
            return Usage("--junit " + junit + " cannot be written");
        }
        junitFile << "<?xml version=\"1.0\" encoding=\"UTF-8\"?>\n<testsuites>\n";
    }
    int status = 0;
    nlohmann::json all = nlohmann::json::array();
    for (const NtpScenarioFile& scenario : scenarios)
    {
        NtpScenarioOutput output;
        output.directory = out;
        output.pcap = pcap;
        output.progress = progress;
        const NtpScenarioReport report = RunNtpScenario(scenario, output);
        if (!report.error.empty())
        {
            std::cerr << report.error << std::endl;
            status = 2;
            continue;
        }
        if (!report.unexpectedConfigErrors.empty())
        {
            status = 2;
            for (const std::string& error : report.unexpectedConfigErrors)
            {
                std::cerr << scenario.path << ": a CLI line was refused: " << error << std::endl;
            }
        }
        if (!report.passed && status == 0)
        {
            status = 1;
        }
        if (junitFile)
        {
            WriteJunit(junitFile, scenario, report);
        }
        if (json)
        {
            all.push_back(nlohmann::json::parse(ToJson(report)));
            continue;
        }
        std::printf("%s (%s)\n", report.name.c_str(), scenario.path.c_str());
        for (const NtpScenarioReport::Display& display : report.displays)
        {
            std::printf("  at %.0f s on %s:\n", display.time, display.node.c_str());
            std::istringstream lines(display.output);
            std::string line;
            while (std::getline(lines, line))
            {
                std::printf("    %s\n", line.c_str());
            }
        }
        for (const NtpScenarioReport::Attack& attack : report.attacks)
        {
            auto list = [](const std::map<std::string, uint64_t>& counts)
            {
                std::string text;
                for (const auto& [name, count] : counts)
                {
                    text += (text.empty() ? "" : ", ") + name + " " + std::to_string(count);
                }
                return text.empty() ? std::string("nothing") : text;
            };
            std::printf("  attack line %d: %s from %s to %s, %.0f..%.0f s: %llu forged\n"
                        "    victim refused %s\n    victim's counters grew: %s\n"
                        "    largest |victim's clock - other end's| %.6g s\n",
                        attack.line, attack.kind.c_str(), attack.from.c_str(),
                        attack.victim.c_str(), attack.at, attack.until,
                        static_cast<unsigned long long>(attack.injected),
                        list(attack.victimRefused).c_str(), list(attack.victimCounters).c_str(),
                        attack.victimMaxAbsOffsetToPeer);
        }
        size_t passed = 0;
        for (const NtpScenarioReport::Check& check : report.checks)
        {
            std::printf("  %s %s: %s\n", check.passed ? "PASS" : "FAIL", check.description.c_str(),
                        check.detail.c_str());
            passed += check.passed ? 1 : 0;
        }
        std::printf("  %zu of %zu expectations held\n", passed, report.checks.size());
    }
    if (junitFile)
    {
        junitFile << "</testsuites>\n";
    }
    if (json)
    {
        std::cout << nlohmann::json{{"passed", status == 0}, {"files", all}}.dump() << std::endl;
    }
    return status;
}
