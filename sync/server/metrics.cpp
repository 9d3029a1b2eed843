#include "metrics.h"

#include <sstream>

namespace hearth::server {

void Metrics::countRequest(std::string_view route, int status, double seconds)
{
    ++m_requests[{std::string(route), status}];
    auto it = m_durations.find(route);
    if (it == m_durations.end())
        it = m_durations.emplace(std::string(route), Histogram{}).first;
    Histogram &h = it->second;
    for (std::size_t i = 0; i < kBuckets.size(); ++i) {
        if (seconds <= kBuckets[i])
            ++h.buckets[i];
    }
    ++h.count;
    h.sum += seconds;
}

std::int64_t Metrics::requests(std::string_view route, int status) const
{
    const auto it = m_requests.find(std::pair<std::string, int>(route, status));
    return it == m_requests.end() ? 0 : it->second;
}

std::string Metrics::render(std::int64_t spaces) const
{
    // Route labels are the fixed templates, never client text, so they need no escaping.
    std::ostringstream out;
    out << "# HELP hearth_requests_total Requests answered, by route template and status.\n"
           "# TYPE hearth_requests_total counter\n";
    for (const auto &[key, count] : m_requests)
        out << "hearth_requests_total{route=\"" << key.first << "\",status=\"" << key.second
            << "\"} " << count << '\n';

    out << "# HELP hearth_request_duration_seconds Time the service spent on a request.\n"
           "# TYPE hearth_request_duration_seconds histogram\n";
    for (const auto &[route, h] : m_durations) {
        for (std::size_t i = 0; i < kBuckets.size(); ++i)
            out << "hearth_request_duration_seconds_bucket{route=\"" << route << "\",le=\""
                << kBuckets[i] << "\"} " << h.buckets[i] << '\n';
        out << "hearth_request_duration_seconds_bucket{route=\"" << route << "\",le=\"+Inf\"} "
            << h.count << '\n'
            << "hearth_request_duration_seconds_sum{route=\"" << route << "\"} " << h.sum << '\n'
            << "hearth_request_duration_seconds_count{route=\"" << route << "\"} " << h.count
            << '\n';
    }

    out << "# HELP hearth_envelopes_stored_total Envelopes stored (duplicates not counted).\n"
           "# TYPE hearth_envelopes_stored_total counter\n"
           "hearth_envelopes_stored_total "
        << m_envelopesStored << '\n'
        << "# HELP hearth_long_polls_open Long polls waiting for a push.\n"
           "# TYPE hearth_long_polls_open gauge\n"
           "hearth_long_polls_open "
        << m_longPollsOpen.load() << '\n'
        << "# HELP hearth_spaces Spaces on this server.\n"
           "# TYPE hearth_spaces gauge\n"
           "hearth_spaces "
        << spaces << '\n';
    return out.str();
}

} // namespace hearth::server
