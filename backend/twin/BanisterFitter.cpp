#include "backend/twin/BanisterFitter.h"

#include <Eigen/Dense>
#include <unsupported/Eigen/LevenbergMarquardt>

#include <algorithm>
#include <cmath>
#include <cstdint>
#include <cstdio>
#include <limits>
#include <string>
#include <utility>

namespace nexus::banister {
namespace {

/// A marker as an offset into the loads: the response on day firstDay + index sums loads[0, index).
struct IndexedMarker
{
    std::size_t index = 0;
    DayNumber day = 0;
    double performance = 0.0;
};

/// The data of one fit; markers sorted by day.
struct Problem
{
    const std::vector<double>& loads;
    std::vector<IndexedMarker> markers;
    Eigen::VectorXd performance;
};

/// g(t) = Σ_{s<t} w(s)·e^(−(t−s)/τ) at each marker and, when dgDLogTau is given, ∂g/∂ln τ there.
/// One pass over the days: with a = e^(−1/τ) and G(t) = Σ_{s<t} w(s)·(t−s)·a^(t−s),
///   g(t+1) = a·(g(t) + w(t)),   G(t+1) = a·G(t) + g(t+1),   ∂g/∂ln τ = τ·∂g/∂τ = G/τ.
void responseAtMarkers(const Problem& problem, double tau, Eigen::VectorXd& g, Eigen::VectorXd* dgDLogTau)
{
    const double a = std::exp(-1.0 / tau);
    const auto count = static_cast<Eigen::Index>(problem.markers.size());
    g.resize(count);
    if (dgDLogTau)
        dgDLogTau->resize(count);
    double gt = 0.0;
    double weighted = 0.0; // G(t)
    std::size_t t = 0;
    for (Eigen::Index i = 0; i < count; ++i) {
        for (const std::size_t target = problem.markers[static_cast<std::size_t>(i)].index; t < target; ++t) {
            gt = a * (gt + problem.loads[t]);
            weighted = a * weighted + gt;
        }
        g[i] = gt;
        if (dgDLogTau)
            (*dgDLogTau)[i] = weighted / tau;
    }
}

constexpr double kMaxLogGain = 700.0;

/// The solver's variables: (p0, ln k1, ln k2) and, when the time constants are fitted, (ln τ1, ln τ2).
/// ln k is bounded to ±700 so k stays a positive, finite double even when the markers push a gain
/// towards 0 (e^−745 underflows to 0) or infinity.
BanisterParameters toParameters(const Eigen::VectorXd& x, double fixedTau1, double fixedTau2)
{
    BanisterParameters p;
    p.p0 = x[0];
    p.k1 = std::exp(std::clamp(x[1], -kMaxLogGain, kMaxLogGain));
    p.k2 = std::exp(std::clamp(x[2], -kMaxLogGain, kMaxLogGain));
    p.tau1 = x.size() == 5 ? std::exp(x[3]) : fixedTau1;
    p.tau2 = x.size() == 5 ? std::exp(x[4]) : fixedTau2;
    return p;
}

Eigen::VectorXd toVariables(const BanisterParameters& p, bool withTaus)
{
    Eigen::VectorXd x(withTaus ? 5 : 3);
    x[0] = p.p0;
    x[1] = std::log(p.k1);
    x[2] = std::log(p.k2);
    if (withTaus) {
        x[3] = std::log(p.tau1);
        x[4] = std::log(p.tau2);
    }
    return x;
}

/// Model minus marker at each marker.
Eigen::VectorXd residuals(const Problem& problem, const BanisterParameters& p)
{
    Eigen::VectorXd g;
    Eigen::VectorXd h;
    responseAtMarkers(problem, p.tau1, g, nullptr);
    responseAtMarkers(problem, p.tau2, h, nullptr);
    return (p.p0 + p.k1 * g.array() - p.k2 * h.array()).matrix() - problem.performance;
}

double sumOfSquares(const Problem& problem, const BanisterParameters& p)
{
    const double sse = residuals(problem, p).squaredNorm();
    return std::isfinite(sse) ? sse : std::numeric_limits<double>::infinity();
}

/// Residuals and their analytic Jacobian in the solver's variables, for Eigen::LevenbergMarquardt.
class ResidualFunctor : public Eigen::DenseFunctor<double>
{
public:
    ResidualFunctor(const Problem& problem, bool fitTaus, double tau1, double tau2)
        : Eigen::DenseFunctor<double>(fitTaus ? 5 : 3, static_cast<int>(problem.markers.size())), m_problem(problem),
          m_tau1(tau1), m_tau2(tau2)
    {
    }

    int operator()(const InputType& x, ValueType& fvec) const
    {
        fvec = residuals(m_problem, toParameters(x, m_tau1, m_tau2));
        // A trial step far out (e^ln k overflowing) must read as "much worse", not poison the
        // solver's norms with inf/NaN: LM then rejects the step and shrinks its trust region.
        for (Eigen::Index i = 0; i < fvec.size(); ++i)
            if (!std::isfinite(fvec[i]))
                fvec[i] = 1e100;
        return 0;
    }

    int df(const InputType& x, JacobianType& fjac) const
    {
        const BanisterParameters p = toParameters(x, m_tau1, m_tau2);
        const bool fitTaus = x.size() == 5;
        Eigen::VectorXd g;
        Eigen::VectorXd h;
        Eigen::VectorXd dg;
        Eigen::VectorXd dh;
        responseAtMarkers(m_problem, p.tau1, g, fitTaus ? &dg : nullptr);
        responseAtMarkers(m_problem, p.tau2, h, fitTaus ? &dh : nullptr);
        fjac.resize(values(), inputs());
        fjac.col(0).setOnes();
        fjac.col(1) = p.k1 * g;  // ∂p/∂ln k1 = k1·g
        fjac.col(2) = -p.k2 * h; // ∂p/∂ln k2 = −k2·h
        if (fitTaus) {
            fjac.col(3) = p.k1 * dg;
            fjac.col(4) = -p.k2 * dh;
        }
        fjac = fjac.unaryExpr([](double v) { return std::isfinite(v) ? v : 0.0; });
        return 0;
    }

private:
    const Problem& m_problem;
    double m_tau1; ///< used when the time constants are held
    double m_tau2;
};

struct Solution
{
    BanisterParameters params;
    double sse = 0.0;
    int iterations = 0;
};

/// Levenberg–Marquardt from `start`; τs held at start's when !fitTaus. Never worse than the start.
Solution minimize(const Problem& problem, const BanisterParameters& start, bool fitTaus)
{
    ResidualFunctor functor(problem, fitTaus, start.tau1, start.tau2);
    Eigen::LevenbergMarquardt<ResidualFunctor> lm(functor);
    lm.setFtol(1e-12);
    lm.setXtol(1e-12);
    lm.setMaxfev(200 * (functor.inputs() + 1));
    Eigen::VectorXd x = toVariables(start, fitTaus);
    lm.minimize(x);

    Solution solved{toParameters(x, start.tau1, start.tau2), 0.0, static_cast<int>(lm.iterations())};
    solved.sse = sumOfSquares(problem, solved.params);
    const double startSse = sumOfSquares(problem, start);
    if (!(solved.sse <= startSse))
        return Solution{start, startSse, solved.iterations};
    return solved;
}

/// The start: with τ1, τ2 fixed the model is linear in (p0, k1, k2), so least squares gives them
/// directly. A k that comes out non-positive (the markers say "more load, worse" or "better") starts
/// at a small positive value sized so k·g moves p by ~1% of the markers' spread.
BanisterParameters linearStart(const Problem& problem, double tau1, double tau2)
{
    Eigen::VectorXd g;
    Eigen::VectorXd h;
    responseAtMarkers(problem, tau1, g, nullptr);
    responseAtMarkers(problem, tau2, h, nullptr);
    Eigen::MatrixXd design(g.size(), 3);
    design.col(0).setOnes();
    design.col(1) = g;
    design.col(2) = -h;
    const Eigen::Vector3d solved = design.colPivHouseholderQr().solve(problem.performance);

    BanisterParameters p;
    p.tau1 = tau1;
    p.tau2 = tau2;
    p.p0 = solved[0];
    p.k1 = solved[1];
    p.k2 = solved[2];
    const double mean = problem.performance.mean();
    const double spread = std::sqrt((problem.performance.array() - mean).square().mean());
    const double scale = std::max(spread, 1e-9 * std::max(1.0, std::abs(mean)));
    if (!(p.k1 > 0.0))
        p.k1 = 0.01 * scale / std::max(g.maxCoeff(), 1e-300);
    if (!(p.k2 > 0.0))
        p.k2 = 0.01 * scale / std::max(h.maxCoeff(), 1e-300);
    if (!(solved[1] > 0.0) || !(solved[2] > 0.0) || !std::isfinite(p.p0))
        p.p0 = (problem.performance.array() - p.k1 * g.array() + p.k2 * h.array()).mean();
    return p;
}

BanisterFit refuse(std::string why)
{
    BanisterFit result;
    result.refusal = std::move(why);
    return result;
}

std::string number(double v)
{
    std::string s = std::to_string(v);
    // to_string prints six decimals; drop the trailing zeros so "-5.000000" reads "-5".
    if (s.find('.') != std::string::npos) {
        s.erase(s.find_last_not_of('0') + 1);
        if (s.back() == '.')
            s.pop_back();
    }
    return s;
}

} // namespace

namespace {

/// Markers that do not follow the model still give a least-squares optimum, but one whose
/// parameters mean nothing; say so rather than present them as a finding.
std::string identifiabilityWarning(const BanisterParameters& p, bool tausFitted)
{
    char buf[200];
    if (p.k1 < 1e-6 || p.k2 < 1e-6) {
        std::snprintf(buf, sizeof buf, "no %s effect identified (k%d = %.2g): the markers do not respond to load as the model expects",
                      p.k1 < 1e-6 ? "fitness" : "fatigue", p.k1 < 1e-6 ? 1 : 2, p.k1 < 1e-6 ? p.k1 : p.k2);
        return buf;
    }
    if (!tausFitted)
        return {};
    for (const double tau : {p.tau1, p.tau2})
        if (tau <= kMinTau || tau >= kMaxTau) {
            std::snprintf(buf, sizeof buf, "a time constant is at its bound (%.0f days): it is not identified by these markers", tau);
            return buf;
        }
    if (std::abs(p.tau1 - p.tau2) < 0.1 * std::max(p.tau1, p.tau2)) {
        std::snprintf(buf, sizeof buf,
                      "tau1 and tau2 are nearly equal (%.1f and %.1f days): fitness and fatigue cannot be told apart, "
                      "so k1 and k2 are not meaningful on their own; performance still fits (see rmse)",
                      p.tau1, p.tau2);
        return buf;
    }
    return {};
}

} // namespace

BanisterFit fit(const std::vector<double>& loads, DayNumber firstDay, const std::vector<PerformanceMarker>& markers)
{
    if (markers.size() < 3)
        return refuse("needs at least 3 performance markers, got " + std::to_string(markers.size()));
    for (std::size_t i = 0; i < loads.size(); ++i) {
        const std::string day = std::to_string(static_cast<std::int64_t>(firstDay) + static_cast<std::int64_t>(i));
        if (!std::isfinite(loads[i]))
            return refuse("the load of day " + day + " is not a finite number");
        if (loads[i] < 0.0)
            return refuse("the load of day " + day + " is negative (" + number(loads[i]) + ")");
    }

    const auto lastAllowed = static_cast<std::int64_t>(firstDay) + static_cast<std::int64_t>(loads.size());
    Problem problem{loads, {}, {}};
    problem.markers.reserve(markers.size());
    for (const PerformanceMarker& m : markers) {
        if (!std::isfinite(m.performance))
            return refuse("the performance marker of day " + std::to_string(m.day) + " is not a finite number");
        if (m.day < firstDay || m.day > lastAllowed)
            return refuse("the performance marker of day " + std::to_string(m.day) + " is outside days " +
                          std::to_string(firstDay) + " to " + std::to_string(lastAllowed) +
                          " (the load history and the day after it)");
        problem.markers.push_back({static_cast<std::size_t>(m.day - firstDay), m.day, m.performance});
    }
    std::sort(problem.markers.begin(), problem.markers.end(),
              [](const IndexedMarker& a, const IndexedMarker& b) { return a.index < b.index; });
    for (std::size_t i = 1; i < problem.markers.size(); ++i)
        if (problem.markers[i].index == problem.markers[i - 1].index)
            return refuse("two performance markers on day " + std::to_string(problem.markers[i].day));
    const IndexedMarker& last = problem.markers.back();
    if (std::all_of(loads.begin(), loads.begin() + static_cast<std::ptrdiff_t>(last.index),
                    [](double w) { return w == 0.0; }))
        return refuse("no training load before the last performance marker (day " + std::to_string(last.day) +
                      "), so k1 and k2 cannot be fitted");

    const auto count = static_cast<Eigen::Index>(problem.markers.size());
    problem.performance.resize(count);
    for (Eigen::Index i = 0; i < count; ++i)
        problem.performance[i] = problem.markers[static_cast<std::size_t>(i)].performance;

    // Eigen's LM needs at least as many residuals as unknowns; below 5 markers the τs are held.
    const bool fitTaus = count >= 5;
    const BanisterParameters start = linearStart(problem, kDefaultTau1, kDefaultTau2);
    Solution best = minimize(problem, start, fitTaus);
    if (fitTaus) {
        const double tau1 = std::clamp(best.params.tau1, kMinTau, kMaxTau);
        const double tau2 = std::clamp(best.params.tau2, kMinTau, kMaxTau);
        if (tau1 != best.params.tau1 || tau2 != best.params.tau2) {
            // Outside the range the τ is not identified anyway; refit the gains with it pinned.
            BanisterParameters pinned = best.params;
            pinned.tau1 = tau1;
            pinned.tau2 = tau2;
            const int iterations = best.iterations;
            best = minimize(problem, pinned, false);
            best.iterations += iterations;
            const double startSse = sumOfSquares(problem, start);
            if (startSse < best.sse) // the start is inside the range too, and better
                best = Solution{start, startSse, best.iterations};
        }
    }

    BanisterFit result;
    result.fitted = true;
    result.params = best.params;
    result.rmse = std::sqrt(best.sse / static_cast<double>(count));
    result.markers = static_cast<int>(count);
    result.iterations = best.iterations;
    result.timeConstantsFitted = fitTaus;
    result.warning = identifiabilityWarning(result.params, fitTaus);
    return result;
}

std::vector<ForecastDay> forecast(const BanisterParameters& params, const std::vector<double>& loads,
                                  DayNumber firstDay, const std::vector<double>& planLoads)
{
    const double a1 = std::exp(-1.0 / params.tau1);
    const double a2 = std::exp(-1.0 / params.tau2);
    double g = 0.0;
    double h = 0.0;
    for (double w : loads) {
        g = a1 * (g + w);
        h = a2 * (h + w);
    }
    // g, h are now those of the day after the history, which includes the last history day's load.
    std::vector<ForecastDay> days;
    days.reserve(planLoads.size());
    const auto firstForecastDay = static_cast<std::int64_t>(firstDay) + static_cast<std::int64_t>(loads.size());
    for (std::size_t j = 0; j < planLoads.size(); ++j) {
        ForecastDay d;
        d.day = static_cast<DayNumber>(firstForecastDay + static_cast<std::int64_t>(j));
        d.plannedLoad = planLoads[j];
        d.fitness = params.k1 * g;
        d.fatigue = params.k2 * h;
        d.performance = params.p0 + d.fitness - d.fatigue;
        days.push_back(d);
        g = a1 * (g + planLoads[j]);
        h = a2 * (h + planLoads[j]);
    }
    return days;
}

} // namespace nexus::banister
