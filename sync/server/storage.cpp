#include "storage.h"

#include "rate_limiter.h"

namespace hearth::server {

std::unique_ptr<RateLimits> ServerStorage::rateLimits(double ratePerSecond, double burst)
{
    return std::make_unique<RateLimiter>(ratePerSecond, burst);
}

Enrolment ServerStorage::judgeJoin(JoinOutcome &outcome, std::int64_t nowMs, bool deviceIdTaken)
{
    const InviteRecord &invite = outcome.invite;
    if (invite.used)
        outcome.status = JoinOutcome::Status::Used;
    else if (nowMs >= invite.expiresMs)
        outcome.status = JoinOutcome::Status::Expired;
    else if (deviceIdTaken)
        outcome.status = JoinOutcome::Status::DeviceExists;
    // Only the first of two invites naming the same member may enrol them: otherwise a partner
    // could enrol a device as someone present in the space and receive their private envelopes.
    const Enrolment enrolment = invite.role == "device"
                                    ? Enrolment::Present
                                    : this->enrolment(invite.spaceId, invite.memberId, invite.role);
    if (outcome.status == JoinOutcome::Status::NotFound && invite.role != "device"
        && enrolment == Enrolment::Present)
        outcome.status = JoinOutcome::Status::MemberExists;
    return enrolment;
}

} // namespace hearth::server
