#pragma once

#include "models/ops/ConnectionSettings.h"
#include "models/ops/ProbeResult.h"

#include <QDialog>

#include <array>
#include <functional>

class QComboBox;
class QDialogButtonBox;
class QLabel;
class QLineEdit;
class QPlainTextEdit;
class QProgressBar;
class QPushButton;
class QRadioButton;

namespace nexus {

/// Connection… : run the embedded demo stack, or connect to a running one (Kafka bootstrap servers
/// with SASL/SSL and extra librdkafka properties, a PostgreSQL URL, the backend's ws:// API URL).
/// "Test connection" asks for a test (testRequested) and shows each part's result as it is fed
/// back (showResult), with a busy indicator and Cancel; Switch emits switchRequested and closes.
/// Knows no backend: whoever owns the dialog runs the tests and restarts the stack. GUI thread.
class ConnectDialog : public QDialog
{
    Q_OBJECT
public:
    /// Checks settings beyond what the dialog can (e.g. librdkafka's names for properties): an
    /// empty answer accepts, anything else is shown and keeps the dialog open.
    using Validator = std::function<QString(const ConnectionSettings&)>;

    explicit ConnectDialog(QWidget* parent = nullptr);

    void setSettings(const ConnectionSettings& settings);
    /// What is entered now; `extra` holds the box's lines only while propertiesError() is empty.
    ConnectionSettings settings() const;
    /// The extra-properties box's problem ("line 2: 'foo' is not name=value"); empty when it parses.
    QString propertiesError() const { return m_propertiesError; }
    void setValidator(Validator validator) { m_validator = std::move(validator); }

    /// Shows one part's result of the running test (GUI thread). A result for a part no longer
    /// pending (after Cancel) is ignored; the busy indicator stops once no part is pending.
    void showResult(const ProbeResult& result);
    bool testing() const;
    /// The part's status and its text as shown (message and details, one per line).
    ProbeStatus resultStatus(ProbePart part) const { return m_results[index(part)].status; }
    QString resultText(ProbePart part) const;
    /// The problem shown under the form (validation on Switch), empty when none.
    QString problem() const;

    /// Test and Switch, as the buttons do (for keyboard users' shortcuts and for tests).
    void startTest();
    void cancelTest();
    void trySwitch();
    /// Close without switching; cancels a running test.
    void reject() override;

signals:
    /// The user asked to test these settings; answer with showResult() for every part.
    void testRequested(const nexus::ConnectionSettings& settings);
    /// The user cancelled the test; results still arriving are ignored.
    void testCancelled();
    /// The user chose these (validated) settings; the dialog closes.
    void switchRequested(const nexus::ConnectionSettings& settings);

protected:
    void changeEvent(QEvent* event) override;

private:
    static int index(ProbePart part) { return int(part); }
    void updateEnabled();
    void checkProperties();
    void renderResult(ProbePart part);
    void setProblem(const QString& text);

    QRadioButton* m_embedded;
    QRadioButton* m_connect;
    QLineEdit* m_bootstrap;
    QComboBox* m_protocol;
    QComboBox* m_mechanism;
    QLineEdit* m_username;
    QLineEdit* m_password;
    QLineEdit* m_caLocation;
    QPushButton* m_browseCa;
    QPlainTextEdit* m_extra;
    QLabel* m_extraError;
    QLineEdit* m_pgUrl;
    QLineEdit* m_apiUrl;
    QPushButton* m_test;
    QPushButton* m_cancelTest;
    QProgressBar* m_busy;
    std::array<QLabel*, kProbeParts.size()> m_resultLabels{};
    std::array<ProbeResult, kProbeParts.size()> m_results{};
    QLabel* m_problem;
    QDialogButtonBox* m_buttons;
    QPushButton* m_switch;
    QString m_propertiesError;
    Validator m_validator;
};

} // namespace nexus
