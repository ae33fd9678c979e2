// Anomaly injection with ground-truth labels: determinism, what each kind does to the readings
// (and that nothing outside its label changes), where episodes may go, their rates, the upload
// fates, corrupted payloads the decoder must reject, and the labels file.

#include "backend/codec/HealthBatchCodec.h"
#include "simulator/anomaly/AnomalyInjector.h"
#include "models/twin/CalendarDay.h"
#include "simulator/anomaly/LabelsFile.h"
#include "simulator/wearable/DailyPhysiology.h"
#include "simulator/wearable/DeviceDay.h"

#include <QTemporaryDir>
#include <QtTest>

#include <algorithm>
#include <cmath>
#include <numeric>

using namespace nexus;
using namespace nexus::anomaly;
using nexus::wearable::DeviceDay;
using nexus::wearable::Person;
using nexus::wearable::RrWindow;
using nexus::wearable::Span;

namespace {

constexpr DayNumber kFirstDay = 20000; // 2024-10-04
constexpr DurationUs kMinute = 60 * kUsPerSecond;

/// A hand-built day: 8 h asleep from 22:00 UTC with readings once a minute (SpO2 every 15
/// minutes), a 400-beat RR window at 01:00, a 45-minute workout plus 10 minutes' recovery at
/// 16:00 sampled at 1 Hz, and once-a-minute readings awake. Values vary a little so a flat-line is new.
DeviceDay makeDay(DayNumber day)
{
    DeviceDay d;
    d.day = day;
    const TimestampUs bed = startOfDayUs(day) - 2 * 60 * kMinute;
    d.covers = {bed, bed + 24 * 60 * kMinute};
    d.sleep = {bed, bed + 8 * 60 * kMinute};
    const Span workout{bed + 18 * 60 * kMinute, bed + (18 * 60 + 55) * kMinute};
    d.workouts.push_back(workout);
    for (TimestampUs t = d.covers.fromUs; t < d.covers.toUs;) {
        HealthSample s;
        s.tsUs = t;
        const int wobble = int((t / kUsPerSecond) % 7) - 3;
        if (workout.contains(t)) {
            s.hrBpm = std::uint16_t(140 + wobble);
            s.steps = 2;
            s.workout = t < workout.toUs - 10 * kMinute;
            t += kUsPerSecond;
        } else if (d.sleep.contains(t)) {
            s.hrBpm = std::uint16_t(52 + wobble);
            if ((t - bed) % (15 * kMinute) == 0)
                s.spo2Pct = 96;
            t += kMinute;
        } else {
            s.hrBpm = std::uint16_t(68 + wobble);
            s.steps = std::uint16_t(10 + wobble);
            if ((t - bed) % (60 * kMinute) == 0)
                s.skinTempCentiC = 3350;
            t += kMinute;
        }
        d.samples.push_back(s);
    }
    RrWindow rr;
    rr.startUs = bed + 3 * 60 * kMinute;
    for (int k = 0; k < wearable::kNightBeats; ++k)
        rr.rrMs.push_back(std::uint16_t(1100 + (k * 37) % 60 - 30));
    d.rr.push_back(rr);
    return d;
}

bool sameDay(const DeviceDay& a, const DeviceDay& b)
{
    if (a.samples != b.samples || a.rr.size() != b.rr.size())
        return false;
    for (std::size_t i = 0; i < a.rr.size(); ++i)
        if (a.rr[i].startUs != b.rr[i].startUs || a.rr[i].rrMs != b.rr[i].rrMs)
            return false;
    return true;
}

Person person(int index)
{
    return wearable::makePerson(7, index);
}

Spec spec(Kind kind, double perUserDay, int minS = 600, int maxS = 1800, double userShare = 1.0)
{
    Spec s;
    s.kind = kind;
    s.perUserDay = perUserDay;
    s.minDurationS = minS;
    s.maxDurationS = maxS;
    s.userShare = userShare;
    return s;
}

std::vector<Spec> allReadingSpecs(double perUserDay)
{
    std::vector<Spec> specs;
    for (int k = 0; k < kKindCount; ++k)
        if (isReadingKind(Kind(k)))
            specs.push_back(spec(Kind(k), perUserDay, Kind(k) == Kind::Arrhythmia ? 150 : 600));
    return specs;
}

bool inLabel(TimestampUs t, const Label& l)
{
    return t >= l.startUs && t < l.endUs;
}

bool inAnyLabel(TimestampUs t, const std::vector<Label>& labels)
{
    return std::any_of(labels.begin(), labels.end(), [t](const Label& l) { return inLabel(t, l); });
}

/// (start, end) of every beat of every RR window.
std::vector<std::pair<TimestampUs, TimestampUs>> beats(const DeviceDay& d)
{
    std::vector<std::pair<TimestampUs, TimestampUs>> out;
    for (const RrWindow& w : d.rr) {
        TimestampUs t = w.startUs;
        for (std::uint16_t ms : w.rrMs) {
            out.emplace_back(t, t + ms * kUsPerMs);
            t += ms * kUsPerMs;
        }
    }
    return out;
}

std::vector<HealthSample> samplesIn(const DeviceDay& d, const Label& l)
{
    std::vector<HealthSample> out;
    for (const HealthSample& s : d.samples)
        if (inLabel(s.tsUs, l))
            out.push_back(s);
    return out;
}

HealthBatch batchOf(const DeviceDay& d, std::size_t from, std::size_t count)
{
    HealthBatch b;
    b.userId = "u0000001";
    b.deviceId = "d0000001";
    b.sentAtUs = d.samples[from + count - 1].tsUs + kUsPerSecond;
    b.samples.assign(d.samples.begin() + std::ptrdiff_t(from), d.samples.begin() + std::ptrdiff_t(from + count));
    return b;
}

} // namespace

class TestAnomalyInjector : public QObject
{
    Q_OBJECT

private slots:
    void kindNamesRoundTrip();
    void sameSeedSameEpisodes();
    void eachKindChangesOnlyItsSpan_data();
    void eachKindChangesOnlyItsSpan();
    void readingEpisodesNeverOverlap();
    void episodesPerUserDayMatchTheSpec_data();
    void episodesPerUserDayMatchTheSpec();
    void userShareIsStable();
    void episodeThatDoesNotFitIsLeftOut();
    void dropoutKeepsTheRrWindowContiguous();
    void recordedDaysStayDecodable();
    void uploadFatesAtTheirRates();
    void uploadFateIsPure();
    void corruptedPayloadsAreRejected_data();
    void corruptedPayloadsAreRejected();
    void labelsFileRoundTrip();
    void labelsWriterAppendsChunks();
    void badLabelsFilesNameTheLine_data();
    void badLabelsFilesNameTheLine();
};

void TestAnomalyInjector::kindNamesRoundTrip()
{
    for (int k = 0; k < kKindCount; ++k) {
        const auto kind = Kind(k);
        QCOMPARE(kindFromName(kindName(kind)), std::optional<Kind>(kind));
    }
    QCOMPARE(QString(kindName(Kind::MotionArtefact)), QString("motion_artefact"));
    QVERIFY(!kindFromName("Flatline"));
    QVERIFY(!kindFromName(""));
}

void TestAnomalyInjector::sameSeedSameEpisodes()
{
    const std::vector<Spec> specs = allReadingSpecs(1.5);
    const AnomalyInjector a(specs, 11), b(specs, 11), other(specs, 12);
    bool differs = false;
    for (int d = 0; d < 10; ++d) {
        DeviceDay x = makeDay(kFirstDay + d), y = makeDay(kFirstDay + d), z = makeDay(kFirstDay + d);
        std::vector<Label> lx, ly, lz;
        a.injectReadings(person(d), x, lx);
        b.injectReadings(person(d), y, ly);
        other.injectReadings(person(d), z, lz);
        QVERIFY(sameDay(x, y));
        QVERIFY(lx == ly);
        differs = differs || lx != lz || !sameDay(x, z);
    }
    QVERIFY2(differs, "another scenario seed must give other episodes");

    // The order of the scenario's list does not matter.
    std::vector<Spec> reversed(specs.rbegin(), specs.rend());
    DeviceDay x = makeDay(kFirstDay), y = makeDay(kFirstDay);
    std::vector<Label> lx, ly;
    a.injectReadings(person(0), x, lx);
    AnomalyInjector(reversed, 11).injectReadings(person(0), y, ly);
    QVERIFY(sameDay(x, y));
    QVERIFY(lx == ly);
}

void TestAnomalyInjector::eachKindChangesOnlyItsSpan_data()
{
    QTest::addColumn<QString>("kind");
    for (int k = 0; k < kKindCount; ++k)
        if (isReadingKind(Kind(k)))
            QTest::newRow(kindName(Kind(k))) << QString(kindName(Kind(k)));
}

void TestAnomalyInjector::eachKindChangesOnlyItsSpan()
{
    QFETCH(QString, kind);
    const Kind k = *kindFromName(kind.toStdString());
    const AnomalyInjector injector({spec(k, 3.0, k == Kind::Arrhythmia ? 150 : 300, 1200)}, 5);
    int episodes = 0;
    for (int d = 0; d < 20; ++d) {
        const DeviceDay original = makeDay(kFirstDay + d);
        DeviceDay day = original;
        std::vector<Label> labels;
        injector.injectReadings(person(d), day, labels);
        episodes += int(labels.size());

        // Outside every label, every sample and every beat is as it was.
        for (const HealthSample& s : original.samples) {
            if (inAnyLabel(s.tsUs, labels))
                continue;
            const auto it = std::find_if(day.samples.begin(), day.samples.end(),
                                         [&s](const HealthSample& t) { return t.tsUs == s.tsUs; });
            QVERIFY(it != day.samples.end());
            QVERIFY(*it == s);
        }
        const auto after = beats(day);
        for (const auto& beat : beats(original)) {
            const bool labelled = std::any_of(labels.begin(), labels.end(), [&beat](const Label& l) {
                return beat.first < l.endUs && l.startUs < beat.second;
            });
            if (!labelled)
                QVERIFY(std::find(after.begin(), after.end(), beat) != after.end());
        }
        for (std::size_t i = 1; i < day.samples.size(); ++i)
            QVERIFY(day.samples[i].tsUs > day.samples[i - 1].tsUs);

        for (const Label& l : labels) {
            QCOMPARE(l.kind, k);
            QCOMPARE(l.userId, person(d).userId);
            QVERIFY(l.endUs > l.startUs);
            const std::vector<HealthSample> before = samplesIn(original, l), now = samplesIn(day, l);
            if (k != Kind::Arrhythmia && k != Kind::SensorDropout) {
                // The label is exactly the affected readings' span.
                QVERIFY(!now.empty());
                QCOMPARE(l.startUs, now.front().tsUs);
                QCOMPARE(l.endUs, now.back().tsUs + kUsPerSecond);
            }
            switch (k) {
            case Kind::TachycardiaAtRest:
            case Kind::Bradycardia:
                for (const HealthSample& s : now) {
                    QVERIFY(original.atRest(s.tsUs));
                    QVERIFY2(k == Kind::Bradycardia ? s.hrBpm >= 32 && s.hrBpm <= 38 : s.hrBpm >= 105 && s.hrBpm <= 140,
                             qPrintable(QString::number(s.hrBpm)));
                    QCOMPARE(s.steps, std::uint16_t(0));
                }
                QVERIFY(QString::fromStdString(l.detail).startsWith("hr "));
                break;
            case Kind::MotionArtefact:
                QVERIFY(now.size() >= 3);
                for (std::size_t i = 0; i < now.size(); ++i) {
                    QVERIFY(original.atRest(now[i].tsUs));
                    QVERIFY(now[i].hrBpm >= 20 && now[i].hrBpm <= 250);
                    if (i > 0)
                        QVERIFY(std::abs(int(now[i].hrBpm) - int(now[i - 1].hrBpm)) >= 60);
                }
                break;
            case Kind::Flatline:
                QVERIFY(now.size() >= 2);
                for (const HealthSample& s : now)
                    QCOMPARE(s.hrBpm, before.front().hrBpm);
                QVERIFY(std::any_of(before.begin(), before.end(),
                                    [&](const HealthSample& s) { return s.hrBpm != before.front().hrBpm; }));
                break;
            case Kind::Spo2Drop:
                for (const HealthSample& s : now) {
                    QVERIFY(original.sleep.contains(s.tsUs));
                    QVERIFY(s.spo2Pct >= 80 && s.spo2Pct <= 88);
                }
                break;
            case Kind::SensorDropout:
                QVERIFY(now.empty());
                QVERIFY(!before.empty());
                QVERIFY(original.covers.contains(l.startUs));
                QVERIFY(QString::fromStdString(l.detail).startsWith("gap "));
                for (const auto& beat : beats(day))
                    QVERIFY(beat.second <= l.startUs || beat.first >= l.endUs);
                break;
            case Kind::Arrhythmia: {
                QVERIFY(now == before); // the HR samples keep their values
                const RrWindow& w = original.rr.front();
                const auto all = beats(original);
                QVERIFY(l.startUs >= w.startUs && l.endUs <= all.back().second);
                std::vector<double> rr;
                for (const auto& beat : beats(day))
                    if (beat.first >= l.startUs && beat.second <= l.endUs)
                        rr.push_back(double(beat.second - beat.first) / kUsPerMs);
                QVERIFY(rr.size() >= 120);
                const double mean = std::accumulate(rr.begin(), rr.end(), 0.0) / double(rr.size());
                double absDiff = 0.0;
                for (std::size_t i = 1; i < rr.size(); ++i)
                    absDiff += std::abs(rr[i] - rr[i - 1]);
                // Irregularly irregular: successive intervals differ by ~27 % of the mean (sinus: a few %).
                QVERIFY2(absDiff / double(rr.size() - 1) / mean > 0.15, qPrintable(QString::number(absDiff)));
                break;
            }
            default:
                QFAIL("not a reading kind");
            }
        }
    }
    QVERIFY2(episodes >= 20, qPrintable(QString("only %1 episodes").arg(episodes)));
}

void TestAnomalyInjector::readingEpisodesNeverOverlap()
{
    const AnomalyInjector injector(allReadingSpecs(2.0), 3);
    std::array<int, kKindCount> perKind{};
    for (int d = 0; d < 30; ++d) {
        DeviceDay day = makeDay(kFirstDay + d);
        std::vector<Label> labels;
        injector.injectReadings(person(d), day, labels);
        for (const Label& l : labels)
            ++perKind[std::size_t(l.kind)];
        sortLabels(labels);
        for (std::size_t i = 1; i < labels.size(); ++i)
            QVERIFY2(labels[i].startUs >= labels[i - 1].endUs,
                     qPrintable(QString("%1 overlaps %2").arg(kindName(labels[i].kind), kindName(labels[i - 1].kind))));
    }
    for (int k = 0; k < kKindCount; ++k)
        if (isReadingKind(Kind(k)))
            QVERIFY2(perKind[std::size_t(k)] > 0, kindName(Kind(k)));
}

void TestAnomalyInjector::episodesPerUserDayMatchTheSpec_data()
{
    QTest::addColumn<QString>("kind");
    QTest::addColumn<double>("perUserDay");
    QTest::addColumn<int>("minS");
    QTest::addColumn<int>("maxS");
    for (Kind k : {Kind::TachycardiaAtRest, Kind::Spo2Drop, Kind::SensorDropout, Kind::Flatline, Kind::MotionArtefact})
        QTest::newRow(kindName(k)) << QString(kindName(k)) << 0.8 << 600 << 1800;
    // The night's 400-beat window holds up to three 120–150-beat stretches.
    QTest::newRow("arrhythmia") << QString("arrhythmia") << 0.3 << 120 << 150;
}

void TestAnomalyInjector::episodesPerUserDayMatchTheSpec()
{
    QFETCH(QString, kind);
    QFETCH(double, perUserDay);
    QFETCH(int, minS);
    QFETCH(int, maxS);
    const Kind k = *kindFromName(kind.toStdString());
    const AnomalyInjector injector({spec(k, perUserDay, minS, maxS)}, 9);
    const int personDays = 600;
    std::size_t episodes = 0;
    for (int i = 0; i < personDays; ++i) {
        DeviceDay day = makeDay(kFirstDay + i % 30);
        std::vector<Label> labels;
        injector.injectReadings(person(i / 30), day, labels);
        episodes += labels.size();
    }
    const double mean = double(episodes) / personDays;
    QVERIFY2(std::abs(mean - perUserDay) < 0.15 * perUserDay, qPrintable(QString::number(mean)));
}

void TestAnomalyInjector::userShareIsStable()
{
    const Spec tachy = spec(Kind::TachycardiaAtRest, 3.0, 600, 1200, 0.3);
    const AnomalyInjector injector({tachy}, 1);
    int eligible = 0;
    const int people = 400;
    for (int i = 0; i < people; ++i) {
        const Person p = person(i);
        const bool chosen = AnomalyInjector::isEligible(p, tachy);
        eligible += chosen;
        for (int d = 0; d < 3; ++d) {
            DeviceDay day = makeDay(kFirstDay + d);
            std::vector<Label> labels;
            injector.injectReadings(p, day, labels);
            if (!chosen)
                QVERIFY(labels.empty());
        }
    }
    QVERIFY2(std::abs(double(eligible) / people - 0.3) < 0.06, qPrintable(QString::number(eligible)));
    QVERIFY(AnomalyInjector::isEligible(person(0), spec(Kind::Flatline, 1.0, 600, 600, 1.0)));
    QVERIFY(!AnomalyInjector::isEligible(person(0), spec(Kind::Flatline, 1.0, 600, 600, 0.0)));
}

void TestAnomalyInjector::episodeThatDoesNotFitIsLeftOut()
{
    // Longer than any at-rest stretch (the workout splits the waking day into 10 h and 4 h) or
    // than the night: nothing is injected and nothing is labelled.
    const AnomalyInjector injector(
        {spec(Kind::TachycardiaAtRest, 5.0, 11 * 3600, 12 * 3600), spec(Kind::Spo2Drop, 5.0, 9 * 3600, 9 * 3600)}, 2);
    for (int d = 0; d < 5; ++d) {
        const DeviceDay original = makeDay(kFirstDay + d);
        DeviceDay day = original;
        std::vector<Label> labels;
        injector.injectReadings(person(d), day, labels);
        QVERIFY(labels.empty());
        QVERIFY(sameDay(day, original));
    }
}

void TestAnomalyInjector::dropoutKeepsTheRrWindowContiguous()
{
    // Readings only around the RR window (01:00, 400 beats ≈ 7.3 min), so 2-minute dropouts land
    // on it: before it, across its start, inside it (then stretched to its nearer edge), across its end.
    DeviceDay base = makeDay(kFirstDay);
    const auto original = beats(base);
    const TimestampUs rs = original.front().first, re = original.back().second;
    base.samples.erase(
        std::remove_if(base.samples.begin(), base.samples.end(),
                       [&](const HealthSample& s) { return s.tsUs < rs - 5 * kMinute || s.tsUs > re + 5 * kMinute; }),
        base.samples.end());
    int cut = 0, stretched = 0;
    for (std::uint64_t seed = 0; seed < 200; ++seed) {
        DeviceDay day = base;
        std::vector<Label> labels;
        AnomalyInjector({spec(Kind::SensorDropout, 1.0, 120, 120)}, seed).injectReadings(person(0), day, labels);
        QVERIFY(day.rr.size() <= 1);
        const auto after = beats(day);
        cut += after.size() < original.size();
        // What is left is one run of the original beats, at their original times, clear of the gap.
        if (!after.empty()) {
            const auto at = std::find(original.begin(), original.end(), after.front());
            QVERIFY(at != original.end());
            QVERIFY(std::equal(after.begin(), after.end(), at));
        }
        for (const Label& l : labels) {
            QVERIFY(l.endUs - l.startUs >= 120 * kUsPerSecond);
            stretched += l.endUs - l.startUs > 120 * kUsPerSecond;
            for (const auto& beat : after)
                QVERIFY(beat.second <= l.startUs || beat.first >= l.endUs);
            for (const HealthSample& s : day.samples)
                QVERIFY(!inLabel(s.tsUs, l));
        }
    }
    QVERIFY2(cut > 20, qPrintable(QString::number(cut)));
    QVERIFY2(stretched > 5, qPrintable(QString::number(stretched)));
}

void TestAnomalyInjector::recordedDaysStayDecodable()
{
    // Days from the real recorder: every injected reading stays within what the codec accepts.
    const AnomalyInjector injector(allReadingSpecs(2.0), 4);
    HealthBatchDecoder decoder;
    int labelled = 0;
    for (int i = 0; i < 6; ++i) {
        const Person p = person(i);
        wearable::PhysiologyState state = wearable::initialState(p);
        const wearable::DayRecord today = wearable::simulateDay(p, state, kFirstDay);
        const wearable::DayRecord tomorrow = wearable::simulateDay(p, state, kFirstDay + 1);
        DeviceDay day = wearable::recordDeviceDay(p, today, tomorrow.night.bedUs);
        std::vector<Label> labels;
        injector.injectReadings(p, day, labels);
        labelled += int(labels.size());
        HealthBatch batch;
        batch.userId = p.userId;
        batch.deviceId = p.deviceId;
        batch.samples = day.samples;
        if (!day.rr.empty()) {
            batch.rrStartUs = day.rr.front().startUs;
            batch.rrMs = day.rr.front().rrMs;
        }
        HealthBatch decoded;
        const DecodeError err = decoder.decode(healthcodec::encode(batch), decoded);
        QVERIFY2(err.ok(), err.detail.c_str());
        QVERIFY(decoded == batch);
    }
    QVERIFY(labelled > 10);
}

void TestAnomalyInjector::uploadFatesAtTheirRates()
{
    // p = perUserDay / 96: 0.05 duplicated, 0.1 late, 0.025 malformed.
    const AnomalyInjector injector({spec(Kind::DuplicateEvents, 4.8), spec(Kind::LateEvents, 9.6, 60, 120),
                                    spec(Kind::MalformedPayload, 2.4), spec(Kind::Flatline, 50.0)},
                                   21);
    const DeviceDay day = makeDay(kFirstDay);
    const HealthBatch batch = batchOf(day, 100, 15);
    const int uploads = 40000;
    int duplicated = 0, late = 0, malformed = 0;
    std::array<int, 4> variants{};
    std::size_t labelCount = 0;
    for (int n = 0; n < uploads; ++n) {
        std::vector<Label> labels;
        const UploadFate fate =
            injector.fateOfUpload(person(n % 50), kFirstDay + n / 5000, n % 5000 / 50, batch, labels);
        QVERIFY(fate.copies == 1 || fate.copies == 2);
        duplicated += fate.copies == 2;
        if (fate.delayUs > 0) {
            ++late;
            QVERIFY(fate.delayUs >= 60 * kUsPerSecond && fate.delayUs <= 120 * kUsPerSecond);
        }
        if (fate.malformed) {
            ++malformed;
            QVERIFY(fate.malformVariant >= 0 && fate.malformVariant < 4);
            ++variants[std::size_t(fate.malformVariant)];
        }
        QCOMPARE(int(labels.size()), int(fate.copies == 2) + int(fate.delayUs > 0) + int(fate.malformed));
        labelCount += labels.size();
        for (const Label& l : labels) {
            QVERIFY(!isReadingKind(l.kind));
            QCOMPARE(l.userId, person(n % 50).userId);
            QCOMPARE(l.startUs, batch.samples.front().tsUs);
            QCOMPARE(l.endUs, batch.samples.back().tsUs + kUsPerSecond);
            QVERIFY(!l.detail.empty());
        }
    }
    const auto near = [](int count, double expected) { return std::abs(count - expected) < 0.15 * expected; };
    QVERIFY2(near(duplicated, 0.05 * uploads), qPrintable(QString::number(duplicated)));
    QVERIFY2(near(late, 0.1 * uploads), qPrintable(QString::number(late)));
    QVERIFY2(near(malformed, 0.025 * uploads), qPrintable(QString::number(malformed)));
    for (int v : variants)
        QVERIFY(v > 0);
    QVERIFY(labelCount > 0);

    // An empty upload is never affected; the upload count changes the rate.
    std::vector<Label> labels;
    const AnomalyInjector always({spec(Kind::DuplicateEvents, 96.0)}, 1);
    QCOMPARE(always.fateOfUpload(person(0), kFirstDay, 0, HealthBatch{}, labels).copies, 1);
    QVERIFY(labels.empty());
    QCOMPARE(always.fateOfUpload(person(0), kFirstDay, 0, batch, labels).copies, 2);
    QCOMPARE(labels.size(), std::size_t(1));
    QCOMPARE(labels.front().detail, std::string("delivered twice"));
    int hits = 0;
    for (int n = 0; n < 2000; ++n)
        hits += always.fateOfUpload(person(1), kFirstDay, n, batch, labels, 192).copies == 2;
    QVERIFY2(std::abs(hits - 1000) < 150, qPrintable(QString::number(hits)));
}

void TestAnomalyInjector::uploadFateIsPure()
{
    const std::vector<Spec> specs{spec(Kind::DuplicateEvents, 20.0), spec(Kind::LateEvents, 20.0),
                                  spec(Kind::MalformedPayload, 20.0)};
    const AnomalyInjector a(specs, 8), b(specs, 8), c(specs, 9);
    const HealthBatch batch = batchOf(makeDay(kFirstDay), 0, 10);
    bool differs = false;
    for (int n = 0; n < 96; ++n) {
        std::vector<Label> la, lb, lc;
        const UploadFate fa = a.fateOfUpload(person(3), kFirstDay, n, batch, la);
        const UploadFate fb = b.fateOfUpload(person(3), kFirstDay, n, batch, lb);
        c.fateOfUpload(person(3), kFirstDay, n, batch, lc);
        QCOMPARE(fa.copies, fb.copies);
        QCOMPARE(fa.delayUs, fb.delayUs);
        QCOMPARE(fa.malformed, fb.malformed);
        QCOMPARE(fa.malformVariant, fb.malformVariant);
        QVERIFY(la == lb);
        differs = differs || la != lc;
    }
    QVERIFY(differs);
}

void TestAnomalyInjector::corruptedPayloadsAreRejected_data()
{
    QTest::addColumn<int>("variant");
    QTest::addColumn<bool>("withSamples");
    for (int v = 0; v < 4; ++v) {
        QTest::addRow("%s", AnomalyInjector::malformVariantName(v)) << v << true;
        QTest::addRow("%s, no samples", AnomalyInjector::malformVariantName(v)) << v << false;
    }
    QTest::newRow("variant 5 is 1") << 5 << true;
    QTest::newRow("variant -1 is 3") << -1 << true;
}

void TestAnomalyInjector::corruptedPayloadsAreRejected()
{
    QFETCH(int, variant);
    QFETCH(bool, withSamples);
    const DeviceDay day = makeDay(kFirstDay);
    HealthBatch batch = batchOf(day, 0, 30);
    batch.rrStartUs = day.rr.front().startUs;
    batch.rrMs = day.rr.front().rrMs;
    if (!withSamples)
        batch.samples.clear();
    const std::string json = healthcodec::encode(batch);
    HealthBatchDecoder decoder;
    HealthBatch out;
    QVERIFY(decoder.decode(json, out).ok());
    const std::string bad = AnomalyInjector::corruptPayload(json, variant);
    QVERIFY(bad != json);
    const DecodeError err = decoder.decode(bad, out);
    QVERIFY2(!err.ok(), bad.substr(0, 200).c_str());
    if (withSamples) {
        static const char* const kExpected[] = {"not-json", "bad-type", "out-of-range", "missing-field"};
        QCOMPARE(QString::fromStdString(err.reason), QString(kExpected[((variant % 4) + 4) % 4]));
    }
}

void TestAnomalyInjector::labelsFileRoundTrip()
{
    // The *_utc columns' text.
    QCOMPARE(calendar::isoDateTimeUtc(0, true), std::string("1970-01-01T00:00:00Z"));
    QCOMPARE(calendar::isoDateTimeUtc(startOfDayUs(kFirstDay) + 6 * 3600 * kUsPerSecond + 1500000, true),
             std::string("2024-10-04T06:00:01.500000Z"));
    QCOMPARE(calendar::isoDateTimeUtc(-kUsPerSecond, true), std::string("1969-12-31T23:59:59Z"));
    QCOMPARE(calendar::isoDateTimeUtc(-kUsPerSecond / 2, true), std::string("1969-12-31T23:59:59.500000Z"));

    std::vector<Label> labels{
        {"u0000002", Kind::Flatline, 3000000, 4000000, "hr stuck at 61 bpm"},
        {"u0000001", Kind::TachycardiaAtRest, 3000000, 9000000, "hr \"128\" bpm, at rest"},
        {"u,odd", Kind::SensorDropout, 1000000, 2000000, "gap\nacross lines"},
        {"u0000001", Kind::Bradycardia, 3000000, 5000000, ""},
    };
    QTemporaryDir dir;
    const QString path = dir.filePath("labels.csv");
    QString error;
    QVERIFY2(writeLabels(path, labels, error), qPrintable(error));
    const auto read = readLabels(path, error);
    QVERIFY2(read, qPrintable(error));
    sortLabels(labels);
    QVERIFY(*read == labels);
    QCOMPARE(read->front().userId, std::string("u,odd")); // sorted by start, then user, then kind
    QCOMPARE((*read)[1].kind, Kind::TachycardiaAtRest);
    QCOMPARE((*read)[2].kind, Kind::Bradycardia);

    QFile file(path);
    QVERIFY(file.open(QIODevice::ReadOnly));
    const QList<QByteArray> lines = file.readAll().split('\n');
    QCOMPARE(lines.front(), QByteArray(kLabelsHeader));
    QCOMPARE(lines[1], QByteArray("\"u,odd\",sensor_dropout,1000000,2000000,1970-01-01T00:00:01Z,"
                                  "1970-01-01T00:00:02Z,\"gap"));
    QVERIFY(lines.contains("u0000001,tachycardia_at_rest,3000000,9000000,1970-01-01T00:00:03Z,1970-01-01T00:00:09Z,"
                           "\"hr \"\"128\"\" bpm, at rest\""));

    // CRLF line ends are read too.
    QByteArray crlf = QByteArray(kLabelsHeader) + "\r\nu1,flatline,1,2,1970-01-01T00:00:00.000001Z,"
                                                  "1970-01-01T00:00:00.000002Z,x\r\n";
    const auto fromCrlf = parseLabels(crlf, "mem", error);
    QVERIFY2(fromCrlf, qPrintable(error));
    QCOMPARE(fromCrlf->size(), std::size_t(1));
    QCOMPARE(fromCrlf->front().detail, std::string("x"));
}

void TestAnomalyInjector::labelsWriterAppendsChunks()
{
    QTemporaryDir dir;
    const QString path = dir.filePath("stream.csv");
    QString error;
    LabelsWriter writer;
    QVERIFY2(writer.open(path, error), qPrintable(error));
    const std::vector<Label> day1{{"u2", Kind::Spo2Drop, 50, 60, "spo2 84 %"}, {"u1", Kind::Spo2Drop, 10, 20, "a"}};
    const std::vector<Label> day2{{"u1", Kind::LateEvents, 5, 9, "sent 12 min late"}};
    QVERIFY2(writer.append(day1, error), qPrintable(error));
    QVERIFY2(writer.append({}, error), qPrintable(error));
    QVERIFY2(writer.append(day2, error), qPrintable(error));
    QVERIFY2(writer.close(error), qPrintable(error));
    QVERIFY(!writer.isOpen());
    QVERIFY(!writer.append(day2, error));

    const auto read = readLabels(path, error);
    QVERIFY2(read, qPrintable(error));
    QCOMPARE(read->size(), std::size_t(3));
    QCOMPARE((*read)[0], day1[1]); // sorted within its chunk
    QCOMPARE((*read)[1], day1[0]);
    QCOMPARE((*read)[2], day2[0]); // chunks stay in the order written

    QVERIFY(!writer.open(dir.filePath("no/such/dir/x.csv"), error));
    QVERIFY(error.contains("x.csv"));
}

void TestAnomalyInjector::badLabelsFilesNameTheLine_data()
{
    QTest::addColumn<QByteArray>("content");
    QTest::addColumn<QString>("expected");
    const QByteArray header = QByteArray(kLabelsHeader) + '\n';
    const QByteArray good = "u1,flatline,1000000,2000000,1970-01-01T00:00:01Z,1970-01-01T00:00:02Z,\"ok\"\n";
    const auto row = [](const char* name, const QByteArray& content, const char* expected) {
        QTest::newRow(name) << content << QString(expected);
    };
    const auto edited = [&good](const char* from, const char* to) { return QByteArray(good).replace(from, to); };
    row("empty", QByteArray(), "bad.csv:1: empty file");
    row("header", "user,kind\n", "bad.csv:1: header is 'user,kind'");
    row("fields", header + good + "u1,flatline,1,2\n", "bad.csv:3: expected 7 fields, found 4");
    row("kind", header + good + edited("flatline", "flat"), "bad.csv:3: unknown kind 'flat'");
    row("start", header + edited("1000000", "1e6"), "bad.csv:2: start_us '1e6'");
    row("end", header + edited("2000000", "x"), "bad.csv:2: end_us 'x'");
    row("order", header + edited("2000000", "1000000"), "bad.csv:2: end_us 1000000 is not after");
    row("utc", header + edited("00:00:01Z", "00:00:03Z"), "bad.csv:2: start_utc");
    row("user", header + edited("u1,", ","), "bad.csv:2: user_id is empty");
    row("blank", header + good + "\n" + good, "bad.csv:3: empty line");
    row("unclosed", header + good + good + edited("\"ok\"", "\"ok"), "bad.csv:4: a quoted field is not closed");
    row("stray quote", header + edited("u1", "u\"1"), "bad.csv:2: a quote inside");
    row("after quote", header + edited("\"ok\"", "\"ok\"x"), "bad.csv:2: text after");
    row("line count across a quoted line end", header + edited("ok", "o\nk") + "u1,nope,1,2,a,b,c\n",
        "bad.csv:4: unknown kind 'nope'");
}

void TestAnomalyInjector::badLabelsFilesNameTheLine()
{
    QFETCH(QByteArray, content);
    QFETCH(QString, expected);
    QTemporaryDir dir;
    const QString path = dir.filePath("bad.csv");
    QFile file(path);
    QVERIFY(file.open(QIODevice::WriteOnly));
    file.write(content);
    file.close();
    QString error;
    QVERIFY(!readLabels(path, error));
    QVERIFY2(error.startsWith(expected), qPrintable(error));

    QVERIFY(!readLabels(dir.filePath("missing.csv"), error));
    QVERIFY2(error.contains("missing.csv"), qPrintable(error));
}

QTEST_GUILESS_MAIN(TestAnomalyInjector)
#include "tst_anomaly_injector.moc"
