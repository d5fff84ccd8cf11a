/*
 * Runs a fuzz target over files without libFuzzer (any compiler): each
 * argument is a file or a folder of files (a corpus). Used by CTest to
 * replay the committed seed corpus on every build, and to reproduce a crash
 * file from `./ntp-peer fuzz`.
 */
#include <cstdint>
#include <cstdio>
#include <filesystem>
#include <fstream>
#include <iterator>
#include <vector>

extern "C" int LLVMFuzzerTestOneInput(const uint8_t* data, size_t size);

int
main(int argc, char* argv[])
{
    namespace fs = std::filesystem;
    size_t inputs = 0;
    for (int i = 1; i < argc; ++i)
    {
        std::vector<fs::path> files;
        std::error_code error;
        if (fs::is_directory(argv[i], error))
        {
            for (const auto& entry : fs::directory_iterator(argv[i]))
            {
                if (entry.is_regular_file())
                {
                    files.push_back(entry.path());
                }
            }
        }
        else if (fs::is_regular_file(argv[i], error))
        {
            files.emplace_back(argv[i]);
        }
        else
        {
            std::fprintf(stderr, "%s: not a file or folder\n", argv[i]);
            return 2;
        }
        for (const auto& file : files)
        {
            std::ifstream in(file, std::ios::binary);
            const std::vector<uint8_t> bytes((std::istreambuf_iterator<char>(in)),
                                             std::istreambuf_iterator<char>());
            LLVMFuzzerTestOneInput(bytes.data(), bytes.size());
            ++inputs;
        }
    }
    std::printf("%zu inputs ran without a property violation\n", inputs);
    return inputs > 0 ? 0 : 2;
}
