#include "widgets/ops/ConnectDialog.h"

#include "widgets/ops/Theme.h"

#include <QComboBox>
#include <QDialogButtonBox>
#include <QEvent>
#include <QFileDialog>
#include <QFormLayout>
#include <QGridLayout>
#include <QGroupBox>
#include <QHBoxLayout>
#include <QLabel>
#include <QLineEdit>
#include <QPlainTextEdit>
#include <QProgressBar>
#include <QPushButton>
#include <QRadioButton>
#include <QVBoxLayout>

#include <algorithm>

namespace nexus {

namespace {

QLineEdit* lineEdit(const char* name, const QString& placeholder, QWidget* parent)
{
    auto* edit = new QLineEdit(parent);
    edit->setObjectName(QString::fromLatin1(name));
    edit->setPlaceholderText(placeholder);
    edit->setClearButtonEnabled(true);
    return edit;
}

/// Selects `value` in a combo whose items carry values as data, adding it when unknown.
void selectValue(QComboBox* combo, const QString& value)
{
    int i = combo->findData(value.toLower());
    if (i < 0)
        i = combo->findText(value);
    if (i < 0 && combo->isEditable()) {
        combo->setEditText(value);
        return;
    }
    if (i < 0) {
        combo->addItem(value, value);
        i = combo->count() - 1;
    }
    combo->setCurrentIndex(i);
}

QString comboValue(const QComboBox* combo)
{
    if (combo->isEditable())
        return combo->currentText().trimmed();
    return combo->currentData().toString();
}

} // namespace

ConnectDialog::ConnectDialog(QWidget* parent) : QDialog(parent)
{
    setWindowTitle(tr("Connection"));
    setObjectName("connectDialog");

    m_embedded = new QRadioButton(tr("Embedded demo stack: Kafka mock cluster, PostgreSQL and the simulator "
                                     "run inside the console"),
                                  this);
    m_embedded->setObjectName("embeddedMode");
    m_connect = new QRadioButton(tr("Connect to a running stack"), this);
    m_connect->setObjectName("connectMode");
    m_embedded->setChecked(true);

    // Kafka
    m_bootstrap = lineEdit("bootstrap", tr("broker1:9092,broker2:9092"), this);
    m_protocol = new QComboBox(this);
    m_protocol->setObjectName("securityProtocol");
    m_protocol->addItem(tr("PLAINTEXT (librdkafka default)"), QString());
    for (const char* p : {"plaintext", "ssl", "sasl_plaintext", "sasl_ssl"})
        m_protocol->addItem(QString::fromLatin1(p).toUpper(), QString::fromLatin1(p));
    m_mechanism = new QComboBox(this);
    m_mechanism->setObjectName("saslMechanism");
    m_mechanism->setEditable(true);
    m_mechanism->addItems({"PLAIN", "SCRAM-SHA-256", "SCRAM-SHA-512", "OAUTHBEARER", "GSSAPI"});
    m_username = lineEdit("saslUsername", {}, this);
    m_password = lineEdit("saslPassword", {}, this);
    m_password->setEchoMode(QLineEdit::Password);
    m_caLocation = lineEdit("sslCaLocation", tr("PEM file or directory (empty: the system's CAs)"), this);
    m_browseCa = new QPushButton(tr("Browse…"), this);
    auto* caRow = new QHBoxLayout;
    caRow->addWidget(m_caLocation, 1);
    caRow->addWidget(m_browseCa);
    m_extra = new QPlainTextEdit(this);
    m_extra->setObjectName("extraProperties");
    m_extra->setPlaceholderText(tr("name=value, one per line, e.g.\nclient.id=nexus-console"));
    m_extra->setTabChangesFocus(true);
    m_extra->setFixedHeight(m_extra->fontMetrics().lineSpacing() * 4 + 12);
    m_extraError = new QLabel(this);
    m_extraError->setObjectName("extraPropertiesError");
    m_extraError->setWordWrap(true);
    m_extraError->hide();
    auto* extraColumn = new QVBoxLayout;
    extraColumn->addWidget(m_extra);
    extraColumn->addWidget(m_extraError);

    auto* kafka = new QGroupBox(tr("Kafka"), this);
    auto* kafkaForm = new QFormLayout(kafka);
    kafkaForm->addRow(tr("Bootstrap servers:"), m_bootstrap);
    kafkaForm->addRow(tr("Security protocol:"), m_protocol);
    kafkaForm->addRow(tr("SASL mechanism:"), m_mechanism);
    kafkaForm->addRow(tr("SASL username:"), m_username);
    kafkaForm->addRow(tr("SASL password:"), m_password);
    kafkaForm->addRow(tr("SSL CA location:"), caRow);
    kafkaForm->addRow(tr("Extra librdkafka\nproperties:"), extraColumn);

    m_pgUrl = lineEdit("pgUrl", tr("postgresql://user:password@host:5432/nexus (empty: embedded server)"), this);
    auto* postgres = new QGroupBox(tr("PostgreSQL"), this);
    (new QFormLayout(postgres))->addRow(tr("URL:"), m_pgUrl);
    m_apiUrl = lineEdit("apiUrl", tr("ws://host:8080/api (optional)"), this);
    auto* api = new QGroupBox(tr("Backend API"), this);
    (new QFormLayout(api))->addRow(tr("URL:"), m_apiUrl);

    // The test: button, busy indicator with Cancel, one row per part.
    m_test = new QPushButton(tr("Test connection"), this);
    m_test->setObjectName("testConnection");
    m_cancelTest = new QPushButton(tr("Cancel test"), this);
    m_cancelTest->setObjectName("cancelTest");
    m_busy = new QProgressBar(this);
    m_busy->setObjectName("testBusy");
    m_busy->setRange(0, 0);
    m_busy->setTextVisible(false);
    m_busy->setMaximumHeight(m_test->sizeHint().height() / 2);
    auto* testRow = new QHBoxLayout;
    testRow->addWidget(m_test);
    testRow->addWidget(m_busy, 1);
    testRow->addWidget(m_cancelTest);
    auto* results = new QGridLayout;
    results->setColumnStretch(1, 1);
    for (const ProbePart part : kProbeParts) {
        auto* name = new QLabel(QStringLiteral("<b>%1</b>").arg(probePartName(part)), this);
        auto* label = new QLabel(this);
        label->setObjectName(probePartName(part) + "Result");
        label->setWordWrap(true);
        label->setTextInteractionFlags(Qt::TextSelectableByMouse);
        label->setMinimumWidth(420);
        const int row = index(part);
        results->addWidget(name, row, 0, Qt::AlignTop);
        results->addWidget(label, row, 1);
        m_resultLabels[row] = label;
        m_results[row] = {part, ProbeStatus::Skipped, tr("not tested yet"), {}, 0};
        renderResult(part);
    }
    auto* test = new QGroupBox(tr("Connection test"), this);
    auto* testColumn = new QVBoxLayout(test);
    testColumn->addLayout(testRow);
    testColumn->addLayout(results);

    m_problem = new QLabel(this);
    m_problem->setObjectName("connectProblem");
    m_problem->setWordWrap(true);
    m_problem->hide();
    m_buttons = new QDialogButtonBox(QDialogButtonBox::Cancel, this);
    m_switch = m_buttons->addButton(tr("Switch"), QDialogButtonBox::AcceptRole);
    m_switch->setObjectName("switchStack");
    m_switch->setDefault(true);

    auto* layout = new QVBoxLayout(this);
    layout->addWidget(m_embedded);
    layout->addWidget(m_connect);
    layout->addWidget(kafka);
    layout->addWidget(postgres);
    layout->addWidget(api);
    layout->addWidget(test);
    layout->addWidget(m_problem);
    layout->addWidget(m_buttons);

    connect(m_embedded, &QRadioButton::toggled, this, &ConnectDialog::updateEnabled);
    connect(m_protocol, &QComboBox::currentIndexChanged, this, &ConnectDialog::updateEnabled);
    connect(m_extra, &QPlainTextEdit::textChanged, this, &ConnectDialog::checkProperties);
    connect(m_browseCa, &QPushButton::clicked, this, [this] {
        const QString file = QFileDialog::getOpenFileName(this, tr("CA certificate"), m_caLocation->text(),
                                                          tr("PEM certificates (*.pem *.crt);;All files (*)"));
        if (!file.isEmpty())
            m_caLocation->setText(file);
    });
    connect(m_test, &QPushButton::clicked, this, &ConnectDialog::startTest);
    connect(m_cancelTest, &QPushButton::clicked, this, &ConnectDialog::cancelTest);
    connect(m_buttons, &QDialogButtonBox::accepted, this, &ConnectDialog::trySwitch);
    connect(m_buttons, &QDialogButtonBox::rejected, this, &ConnectDialog::reject);
    updateEnabled();
}

void ConnectDialog::setSettings(const ConnectionSettings& s)
{
    (s.embedded ? m_embedded : m_connect)->setChecked(true);
    m_bootstrap->setText(s.bootstrap);
    selectValue(m_protocol, s.securityProtocol);
    selectValue(m_mechanism, s.saslMechanism.isEmpty() ? QStringLiteral("PLAIN") : s.saslMechanism);
    m_username->setText(s.saslUsername);
    m_password->setText(s.saslPassword);
    m_caLocation->setText(s.sslCaLocation);
    m_extra->setPlainText(formatPropertyLines(s.extra));
    m_pgUrl->setText(s.pgUrl);
    m_apiUrl->setText(s.apiUrl);
    updateEnabled();
}

ConnectionSettings ConnectDialog::settings() const
{
    ConnectionSettings s;
    s.embedded = m_embedded->isChecked();
    s.bootstrap = m_bootstrap->text().trimmed();
    s.securityProtocol = comboValue(m_protocol);
    // Only what the protocol uses: a SASL mechanism left selected under SSL would confuse librdkafka.
    const bool sasl = s.securityProtocol.startsWith(QStringLiteral("sasl"));
    if (sasl) {
        s.saslMechanism = comboValue(m_mechanism);
        s.saslUsername = m_username->text().trimmed();
        s.saslPassword = m_password->text(); // a password may end in a space
    }
    if (s.securityProtocol.contains(QStringLiteral("ssl")))
        s.sslCaLocation = m_caLocation->text().trimmed();
    QString ignored;
    parsePropertyLines(m_extra->toPlainText(), s.extra, ignored);
    s.pgUrl = m_pgUrl->text().trimmed();
    s.apiUrl = m_apiUrl->text().trimmed();
    return s;
}

bool ConnectDialog::testing() const
{
    return std::any_of(m_results.begin(), m_results.end(),
                       [](const ProbeResult& r) { return r.status == ProbeStatus::Pending; });
}

QString ConnectDialog::resultText(ProbePart part) const
{
    const ProbeResult& r = m_results[index(part)];
    return (QStringList{r.message} + r.details).join('\n');
}

QString ConnectDialog::problem() const
{
    return m_problem->isHidden() ? QString() : m_problem->text();
}

void ConnectDialog::startTest()
{
    if (testing() || m_embedded->isChecked())
        return;
    checkProperties();
    if (!m_propertiesError.isEmpty())
        return;
    setProblem({});
    for (const ProbePart part : kProbeParts) {
        m_results[index(part)] = {part, ProbeStatus::Pending, tr("testing…"), {}, 0};
        renderResult(part);
    }
    updateEnabled();
    emit testRequested(settings());
}

void ConnectDialog::cancelTest()
{
    if (!testing())
        return;
    for (ProbeResult& r : m_results) {
        if (r.status != ProbeStatus::Pending)
            continue;
        r = {r.part, ProbeStatus::Cancelled, tr("cancelled"), {}, 0};
        renderResult(r.part);
    }
    updateEnabled();
    emit testCancelled();
}

void ConnectDialog::showResult(const ProbeResult& result)
{
    ProbeResult& slot = m_results[index(result.part)];
    if (slot.status != ProbeStatus::Pending)
        return;
    slot = result;
    renderResult(result.part);
    updateEnabled();
}

void ConnectDialog::trySwitch()
{
    checkProperties();
    const ConnectionSettings s = settings();
    QString problem = m_propertiesError.isEmpty() ? QString() : tr("Extra properties: %1").arg(m_propertiesError);
    if (problem.isEmpty() && !s.embedded && s.bootstrap.isEmpty())
        problem = tr("Enter the Kafka bootstrap servers to connect to.");
    if (problem.isEmpty() && m_validator)
        problem = m_validator(s);
    setProblem(problem);
    if (!problem.isEmpty())
        return;
    cancelTest();
    emit switchRequested(s);
    accept();
}

void ConnectDialog::reject()
{
    cancelTest();
    QDialog::reject();
}

void ConnectDialog::changeEvent(QEvent* event)
{
    QDialog::changeEvent(event);
    if (event->type() == QEvent::PaletteChange) {
        for (const ProbePart part : kProbeParts)
            renderResult(part);
        setProblem(m_problem->text());
        checkProperties();
    }
}

void ConnectDialog::updateEnabled()
{
    const bool connect = m_connect->isChecked();
    const QString protocol = comboValue(m_protocol);
    const bool sasl = protocol.startsWith(QStringLiteral("sasl"));
    for (QWidget* w : std::initializer_list<QWidget*>{m_bootstrap, m_protocol, m_extra, m_pgUrl, m_apiUrl})
        w->setEnabled(connect);
    for (QWidget* w : std::initializer_list<QWidget*>{m_mechanism, m_username, m_password})
        w->setEnabled(connect && sasl);
    m_caLocation->setEnabled(connect && protocol.contains(QStringLiteral("ssl")));
    m_browseCa->setEnabled(m_caLocation->isEnabled());
    const bool busy = testing();
    m_test->setEnabled(connect && !busy && m_propertiesError.isEmpty());
    m_test->setToolTip(connect ? QString() : tr("The embedded stack starts with the console: nothing to test."));
    m_busy->setVisible(busy);
    m_cancelTest->setVisible(busy);
    m_switch->setEnabled(m_propertiesError.isEmpty() || !connect);
}

void ConnectDialog::checkProperties()
{
    KafkaPropertyList parsed;
    QString error;
    m_propertiesError = parsePropertyLines(m_extra->toPlainText(), parsed, error) ? QString() : error;
    m_extraError->setText(m_propertiesError);
    m_extraError->setStyleSheet(QStringLiteral("color: %1").arg(Theme::statusColor(Theme::Status::Bad).name()));
    m_extraError->setVisible(!m_propertiesError.isEmpty());
    updateEnabled();
}

void ConnectDialog::renderResult(ProbePart part)
{
    const ProbeResult& r = m_results[index(part)];
    QString word;
    Theme::Status tone = Theme::Status::Neutral;
    switch (r.status) {
    case ProbeStatus::Pending:
        word = tr("…");
        break;
    case ProbeStatus::Ok:
        word = QStringLiteral("✔ ") + tr("OK");
        tone = Theme::Status::Good;
        break;
    case ProbeStatus::Failed:
        word = QStringLiteral("✖ ") + tr("failed");
        tone = Theme::Status::Bad;
        break;
    case ProbeStatus::Skipped:
        word = tr("–");
        break;
    case ProbeStatus::Cancelled:
        word = tr("cancelled");
        break;
    }
    // The part's name is in the row's first column; the message starts with it for logs.
    QString message = r.message;
    const QString prefix = probePartName(part) + ": ";
    if (message.startsWith(prefix))
        message = message.mid(prefix.size());
    if (r.status == ProbeStatus::Cancelled && message == tr("cancelled"))
        message.clear();
    QString html = QStringLiteral("<span style=\"color:%1\"><b>%2</b></span> %3")
                       .arg(Theme::statusColor(tone).name(), word.toHtmlEscaped(), message.toHtmlEscaped());
    if (r.elapsedMs > 0 && (r.status == ProbeStatus::Ok || r.status == ProbeStatus::Failed))
        html += QStringLiteral(" <span style=\"color:%1\">(%2 ms)</span>")
                    .arg(Theme::statusColor(Theme::Status::Neutral).name())
                    .arg(r.elapsedMs);
    for (const QString& line : r.details)
        html += QStringLiteral("<br><span style=\"color:%1\">%2</span>")
                    .arg(Theme::statusColor(Theme::Status::Neutral).name(), line.toHtmlEscaped());
    m_resultLabels[index(part)]->setText(html);
}

void ConnectDialog::setProblem(const QString& text)
{
    m_problem->setText(text);
    m_problem->setStyleSheet(QStringLiteral("color: %1").arg(Theme::statusColor(Theme::Status::Bad).name()));
    m_problem->setVisible(!text.isEmpty());
}

} // namespace nexus
