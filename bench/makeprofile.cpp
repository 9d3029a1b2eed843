// hearth-bench-profile: writes DIR/profile.db filled by fillBenchmark (8 rituals, about 2,000
// occurrence records a year), ending now, for the start-up benchmark (bench/startup.sh).
#include "clock.h"
#include "contentlibrary.h"
#include "demo.h"
#include "ritualbook.h"
#include "store.h"

#include <chrono>
#include <cstdio>
#include <exception>
#include <filesystem>
#include <string>

namespace fs = std::filesystem;

namespace {

int usage()
{
    std::fprintf(stderr, "usage: hearth-bench-profile DIR [years]\n"
                         "  writes DIR/profile.db with YEARS (default 5) of benchmark history\n");
    return 2;
}

} // namespace

int main(int argc, char *argv[])
{
    if (argc < 2 || argc > 3)
        return usage();
    const fs::path dir = argv[1];
    int years = 5;
    if (argc == 3) {
        try {
            std::size_t used = 0;
            years = std::stoi(argv[2], &used);
            if (used != std::string(argv[2]).size() || years < 0 || years > 50)
                throw std::out_of_range("years");
        } catch (const std::exception &) {
            std::fprintf(stderr, "hearth-bench-profile: years must be a number from 0 to 50, not "
                                 "\"%s\"\n",
                         argv[2]);
            return 2;
        }
    }
    const fs::path file = dir / "profile.db";
    std::error_code ec;
    if (fs::exists(file, ec)) {
        std::fprintf(stderr, "hearth-bench-profile: %s already exists; remove it or choose another "
                             "folder\n",
                     file.c_str());
        return 1;
    }

    try {
        // History ends at the real "now", so the app's Today page shows today's occurrences;
        // ids come from a fixed seed.
        const hearth::Millis now = hearth::SystemClock().nowMs();
        hearth::ManualClock clock(now);
        hearth::SeededRandom random(20240601);
        const auto started = std::chrono::steady_clock::now();
        {
            hearth::Store store(file, clock, random);
            hearth::RitualBook book(store);
            hearth::fillBenchmark(book, hearth::ContentLibrary::loadDefault(), now, years, 5,
                                  &clock);
            const auto records =
                store.db().queryInt("SELECT count(*) FROM occurrence").value_or(0);
            const double seconds =
                std::chrono::duration<double>(std::chrono::steady_clock::now() - started).count();
            std::printf("%s: %d years, %zu rituals, %lld occurrence records (%.1f s)\n",
                        file.c_str(), years, book.rituals(true).size(),
                        static_cast<long long>(records), seconds);
        } // closing the last connection checkpoints the WAL into profile.db
    } catch (const std::exception &e) {
        std::fprintf(stderr, "hearth-bench-profile: %s\n", e.what());
        return 1;
    }
    return 0;
}
