// The Twins workspace's models on known rows: the history (display text, missing values, the day in
// progress, sorting on raw values, CSV of plain numbers, refresh in place), the latest twin as a
// key/value table with units and the scores' contributions, the users a search found, and the
// workspace's states from no store to shown and back.

#include "models/ops/ClusterFormat.h"
#include "models/ops/CsvExport.h"
#include "models/twin/TwinFactsModel.h"
#include "models/twin/TwinFormat.h"
#include "models/twin/TwinHistoryModel.h"
#include "models/twin/TwinModel.h"
#include "models/twin/UserMatchModel.h"
#include "tests/support/KnownTwin.h"

#include <QBuffer>
#include <QSignalSpy>
#include <QSortFilterProxyModel>
#include <QtTest>

using namespace nexus;

namespace {

using testsupport::kNov2;
using testsupport::score;

/// Three closed days, 2026-11-02 … 04: the second has no readiness, rMSSD or resting HR.
std::vector<TwinDay> closedDays()
{
    std::vector<TwinDay> days(3);
    const double values[3][6] = {
        // load, ctl, atl, tsb, rmssd, rhr
        {50.0, 10.4, 20.1, 0.0, 45.5, 52.0},
        {0.0, 9.8, 17.6, -9.7, kNoValue, kNoValue},
        {120.4, 12.3, 30.1, -7.8, 48.0, 51.0},
    };
    for (int i = 0; i < 3; ++i) {
        TwinDay& d = days[std::size_t(i)];
        d.day = kNov2 + i;
        d.load = values[i][0];
        d.ctl = values[i][1];
        d.atl = values[i][2];
        d.tsb = values[i][3];
        d.rmssd = values[i][4];
        d.rhr = values[i][5];
        d.acwrEwma = i == 2 ? 1.42 : kNoValue;
        d.readiness.value = i == 1 ? float(kNoValue) : float(70 - 10 * i);
        d.recovery.value = float(71 + i);
        d.energy.value = float(60 + 10 * i);
    }
    return days;
}

TwinSummary latestTwin() { return testsupport::knownTwin(); }

QString cell(const QAbstractItemModel& m, int row, int column, int role = Qt::DisplayRole)
{
    return m.index(row, column).data(role).toString();
}

} // namespace

class TestTwinModels : public QObject
{
    Q_OBJECT
private slots:
    void initTestCase() { QLocale::setDefault(QLocale(QLocale::English, QLocale::UnitedStates)); }

    void formatsNumbers()
    {
        QCOMPARE(twinformat::number(38.54, 1), QString("38.5"));
        QCOMPARE(twinformat::number(kNoValue, 1), QString("—"));
        QCOMPARE(twinformat::points(70), QString("+70.0"));
        QCOMPARE(twinformat::points(-2.5), QString("−2.5"));
        QCOMPARE(twinformat::inputName(ContributionInput::SleepRecharge), QString("sleep recharge"));
        QCOMPARE(twinformat::utcTime(latestTwin().lastEventUs), QString("2026-11-05 07:15:02"));
    }

    void historyShowsClosedDaysAndTheDayInProgress()
    {
        TwinHistoryModel m;
        const TwinSummary latest = latestTwin();
        m.setDays(closedDays(), &latest);
        QCOMPARE(m.rowCount(), 4);
        QCOMPARE(m.closedDays(), 3);
        QCOMPARE(cell(m, 0, TwinHistoryModel::Day), QString("2026-11-02"));
        QCOMPARE(cell(m, 0, TwinHistoryModel::Ctl), QString("10.4"));
        QCOMPARE(cell(m, 0, TwinHistoryModel::RestingHr), QString("52.0"));
        QCOMPARE(cell(m, 1, TwinHistoryModel::Tsb), QString("-9.7"));
        QCOMPARE(cell(m, 1, TwinHistoryModel::Readiness), QString("—")); // missing, never 0
        QCOMPARE(cell(m, 1, TwinHistoryModel::Rmssd), QString("—"));
        QCOMPARE(cell(m, 2, TwinHistoryModel::Acwr), QString("1.42"));
        QCOMPARE(cell(m, 2, TwinHistoryModel::Load), QString("120.4"));
        // The latest twin's day, after the closed ones: its values so far.
        QVERIFY(m.rows()[3].inProgress);
        QCOMPARE(cell(m, 3, TwinHistoryModel::Day), QString("2026-11-05 (so far)"));
        QCOMPARE(cell(m, 3, TwinHistoryModel::Load), QString("41.2"));
        QCOMPARE(cell(m, 3, TwinHistoryModel::Readiness), QString("66.5"));
        QCOMPARE(cell(m, 3, TwinHistoryModel::Rmssd), QString("—"));
        QVERIFY(!m.index(3, 0).data(Qt::ToolTipRole).toString().isEmpty());

        // A twin still on the last closed day adds no row; no twin adds none either.
        TwinSummary sameDay = latest;
        sameDay.day = kNov2 + 2;
        m.setDays(closedDays(), &sameDay);
        QCOMPARE(m.rowCount(), 3);
        m.setDays(closedDays(), nullptr);
        QCOMPARE(m.rowCount(), 3);
        // Without closed days the day in progress is the only row.
        m.setDays({}, &latest);
        QCOMPARE(m.rowCount(), 1);
        QCOMPARE(m.closedDays(), 0);
    }

    void historySortsOnRawValuesWithMissingFirst()
    {
        TwinHistoryModel m;
        m.setDays(closedDays(), nullptr);
        QSortFilterProxyModel sorted;
        sorted.setSourceModel(&m);
        sorted.setSortRole(clusterrole::Sort);
        sorted.sort(TwinHistoryModel::Tsb, Qt::AscendingOrder);
        QCOMPARE(cell(sorted, 0, TwinHistoryModel::Tsb), QString("-9.7"));
        QCOMPARE(cell(sorted, 1, TwinHistoryModel::Tsb), QString("-7.8"));
        QCOMPARE(cell(sorted, 2, TwinHistoryModel::Tsb), QString("0.0"));
        sorted.sort(TwinHistoryModel::Readiness, Qt::AscendingOrder);
        QCOMPARE(cell(sorted, 0, TwinHistoryModel::Day), QString("2026-11-03")); // no readiness that day
        QCOMPARE(cell(sorted, 1, TwinHistoryModel::Readiness), QString("50.0"));
        sorted.sort(TwinHistoryModel::Day, Qt::DescendingOrder);
        QCOMPARE(cell(sorted, 0, TwinHistoryModel::Day), QString("2026-11-04"));
    }

    void historyExportsPlainNumbers()
    {
        TwinHistoryModel m;
        m.setDays(closedDays(), nullptr);
        QBuffer out;
        QVERIFY(out.open(QIODevice::WriteOnly));
        QVERIFY(writeCsv(m, out, clusterrole::Export));
        const QStringList lines = QString::fromUtf8(out.data()).split("\r\n");
        QCOMPARE(lines[0], QString("Day,Load,CTL,ATL,TSB,ACWR,rMSSD ms,RHR bpm,Readiness,Recovery,Energy"));
        QCOMPARE(lines[2], QString("2026-11-03,0.00,9.80,17.60,-9.70,,,,,72.00,70.00")); // missing: empty
        QCOMPARE(lines[3], QString("2026-11-04,120.40,12.30,30.10,-7.80,1.420,48.00,51.00,50.00,73.00,80.00"));
    }

    void historyRefreshesInPlaceForTheSameDays()
    {
        TwinHistoryModel m;
        m.setDays(closedDays(), nullptr);
        QSignalSpy reset(&m, &QAbstractItemModel::modelReset);
        QSignalSpy changed(&m, &QAbstractItemModel::dataChanged);
        std::vector<TwinDay> days = closedDays();
        days[2].ctl = 13.0;
        m.setDays(days, nullptr);
        QCOMPARE(reset.count(), 0); // a view keeps its selection and sort
        QCOMPARE(changed.count(), 1);
        QCOMPARE(cell(m, 2, TwinHistoryModel::Ctl), QString("13.0"));
        days.pop_back();
        m.setDays(days, nullptr);
        QCOMPARE(reset.count(), 1);
        QCOMPARE(m.rowCount(), 2);
    }

    void factsListValuesWithUnitsAndContributions()
    {
        TwinFactsModel m;
        const TwinSummary t = latestTwin();
        m.setTwin(&t);
        QCOMPARE(m.valueOf("Readiness"), QString("66.5"));
        QCOMPARE(m.valueOf("Recovery"), QString("72.0"));
        QCOMPARE(m.valueOf("Energy"), QString("52.0"));
        QCOMPARE(m.valueOf("Load today"), QString("41.2"));
        QCOMPARE(m.valueOf("Fitness (CTL)"), QString("38.5"));
        QCOMPARE(m.valueOf("Fatigue (ATL)"), QString("44.1"));
        QCOMPARE(m.valueOf("Form (TSB)"), QString("-3.2"));
        QCOMPARE(m.valueOf("Workload ratio (ACWR)"), QString("—")); // none in the first 28 days
        QCOMPARE(m.valueOf("Last heart rate"), QString("72"));
        QCOMPARE(m.valueOf("Mean heart rate"), QString("71.4"));
        QCOMPARE(m.valueOf("Steps"), QString("12,345"));
        QCOMPARE(m.valueOf("Day"), QString("2026-11-05"));
        QCOMPARE(m.valueOf("Last event"), QString("2026-11-05 07:15:02"));

        // Readiness and the contributions under it, each with its unit.
        int readiness = -1;
        for (int r = 0; r < m.rowCount(); ++r)
            if (cell(m, r, TwinFactsModel::Quantity) == "Readiness")
                readiness = r;
        QVERIFY(readiness > 0);
        QVERIFY(m.index(readiness - 1, 0).data(TwinFactsModel::SectionRole).toBool()); // "Scores"
        QCOMPARE(cell(m, readiness, TwinFactsModel::Unit), QString("/ 100"));
        QCOMPARE(cell(m, readiness + 1, TwinFactsModel::Quantity).trimmed(), QString("base"));
        QCOMPARE(cell(m, readiness + 1, TwinFactsModel::Value), QString("+70.0"));
        QCOMPARE(cell(m, readiness + 2, TwinFactsModel::Quantity).trimmed(), QString("form"));
        QCOMPARE(cell(m, readiness + 2, TwinFactsModel::Value), QString("−3.5"));
        QCOMPARE(cell(m, readiness + 2, TwinFactsModel::Unit), QString("points"));
        for (int r = 0; r < m.rowCount(); ++r) {
            const bool section = m.index(r, 0).data(TwinFactsModel::SectionRole).toBool();
            QVERIFY2(section || !cell(m, r, TwinFactsModel::Unit).isEmpty(), qPrintable(cell(m, r, 0)));
        }
        m.setTwin(nullptr);
        QCOMPARE(m.rowCount(), 0);
    }

    void matchesShowNamesAndInsertIds()
    {
        UserMatchModel m;
        m.setMatches("ada", {{"u0000042", "Ada Lovelace"}, {"u0000420", ""}});
        QCOMPARE(m.rowCount(), 2);
        QCOMPARE(m.query(), QString("ada"));
        QCOMPARE(cell(m, 0, 0), QString("u0000042 · Ada Lovelace"));
        QCOMPARE(cell(m, 0, 0, Qt::EditRole), QString("u0000042"));
        QCOMPARE(cell(m, 1, 0), QString("u0000420"));
        QCOMPARE(m.displayNameOf("u0000042"), QString("Ada Lovelace"));
    }

    void statesFromNoStoreToShownAndBack()
    {
        TwinModel m;
        QSignalSpy changed(&m, &TwinModel::changed);
        QCOMPARE(m.state(), TwinModel::State::NoStore);
        QVERIFY(m.message().contains("Waiting for the stack"));
        m.setStoreReady();
        QCOMPARE(m.state(), TwinModel::State::Idle);

        m.setLoading("u0000042");
        QCOMPARE(m.state(), TwinModel::State::Loading);
        QCOMPARE(m.message(), QString("Loading the twin of u0000042…"));
        QVERIFY(!m.latest());

        TwinLookup other;
        other.userId = "u0000001";
        other.outcome = TwinLookup::Outcome::NotFound;
        QVERIFY(!m.apply(other)); // an answer about someone else
        QCOMPARE(m.state(), TwinModel::State::Loading);

        m.matches()->setMatches("Ada", {{"u0000042", "Ada Lovelace"}});
        TwinLookup found;
        found.userId = "u0000042";
        found.outcome = TwinLookup::Outcome::Found;
        found.latest = latestTwin();
        found.history = closedDays();
        QVERIFY(m.apply(found));
        QCOMPARE(m.state(), TwinModel::State::Shown);
        QVERIFY(m.latest());
        QCOMPARE(m.latest()->ctl, 38.5);
        QCOMPARE(m.history()->rowCount(), 4);
        QVERIFY(m.facts()->rowCount() > 10);
        QCOMPARE(
            m.message(),
            QString(
                "u0000042 (Ada Lovelace) — twin as of 2026-11-05 07:15:02 UTC (event time) · 3 closed days stored"));

        m.setLoading("u0000042"); // a reload keeps what is shown
        QCOMPARE(m.history()->rowCount(), 4);
        m.setLoading("u0000077"); // another user does not
        QCOMPARE(m.history()->rowCount(), 0);
        QCOMPARE(m.facts()->rowCount(), 0);

        TwinLookup noTwin;
        noTwin.userId = "u0000077";
        noTwin.outcome = TwinLookup::Outcome::NoTwinYet;
        QVERIFY(m.apply(noTwin));
        QCOMPARE(m.state(), TwinModel::State::NoTwinYet);
        QVERIFY(m.message().startsWith("u0000077 has no twin yet"));
        QVERIFY(!m.latest());

        m.setLoading("nobody");
        TwinLookup missing;
        missing.userId = "nobody";
        QVERIFY(m.apply(missing));
        QCOMPARE(m.state(), TwinModel::State::NotFound);
        QVERIFY(m.message().startsWith("No user “nobody” in the store"));

        m.setLoading("u0000042");
        TwinLookup failed;
        failed.userId = "u0000042";
        failed.outcome = TwinLookup::Outcome::StoreError;
        failed.error = "connection refused";
        QVERIFY(m.apply(failed));
        QCOMPARE(m.state(), TwinModel::State::StoreError);
        QCOMPARE(m.message(), QString("Cannot read the twin of u0000042 from the store: connection refused"));

        QVERIFY(m.apply(found));
        m.setNoStore("stopped");
        QCOMPARE(m.state(), TwinModel::State::NoStore);
        QCOMPARE(m.message(), QString("stopped"));
        QCOMPARE(m.history()->rowCount(), 0);
        QVERIFY(changed.count() >= 10);
    }
};

QTEST_GUILESS_MAIN(TestTwinModels)
#include "tst_twin_models.moc"
