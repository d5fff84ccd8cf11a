/*
 * ntp-peer-scenario FILE_OR_DIR... [--json]
 *
 * Runs topology scenario files (YAML, scenarios/ has examples) and checks
 * their expectations. Prints one line per expectation and a summary, or with
 * --json exactly one JSON object. Exit status: 0 every expectation held, 1
 * one failed, 2 a file is invalid or a CLI line was refused that no
 * config_error expectation names.
 */
#include "ns3/core-module.h"
#include "scenario-file.h"
#include "scenario-run.h"

#include <algorithm>
#include <cstdio>
#include <filesystem>
#include <iostream>
#include <nlohmann/json.hpp>
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
              << " (accepted: FILE_OR_DIR... [--json]; a directory runs its *.yaml files)"
              << std::endl;
    return 2;
}

} // namespace

int
main(int argc, char* argv[])
{
    bool json = false;
    std::vector<std::string> files;
    for (int i = 1; i < argc; ++i)
    {
        const std::string arg = argv[i];
        if (arg == "--json")
        {
            json = true;
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
    // Every file is read and checked before anything runs.
    std::vector<NtpScenarioFile> scenarios;
    for (const std::string& path : files)
    {
        std::string error;
        auto scenario = ReadNtpScenarioFile(path, error);
        if (!scenario)
        {
            std::cerr << error << std::endl;
            return 2;
        }
        scenarios.push_back(*scenario);
    }
    int status = 0;
    nlohmann::json all = nlohmann::json::array();
    for (const NtpScenarioFile& scenario : scenarios)
    {
        const NtpScenarioReport report = RunNtpScenario(scenario);
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
        size_t passed = 0;
        for (const NtpScenarioReport::Check& check : report.checks)
        {
            std::printf("  %s %s: %s\n", check.passed ? "PASS" : "FAIL", check.description.c_str(),
                        check.detail.c_str());
            passed += check.passed ? 1 : 0;
        }
        std::printf("  %zu of %zu expectations held\n", passed, report.checks.size());
    }
    if (json)
    {
        std::cout << nlohmann::json{{"passed", status == 0}, {"files", all}}.dump() << std::endl;
    }
    return status;
}
