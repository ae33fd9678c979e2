#include "widgets/ops/MessageBrowserPanel.h"

#include "models/events/Topics.h"
#include "models/ops/MessageListModel.h"

#include <QAction>
#include <QApplication>
#include <QCheckBox>
#include <QClipboard>
#include <QComboBox>
#include <QDateTimeEdit>
#include <QDialog>
#include <QDialogButtonBox>
#include <QFileDialog>
#include <QFontDatabase>
#include <QFormLayout>
#include <QHBoxLayout>
#include <QHeaderView>
#include <QJsonDocument>
#include <QJsonObject>
#include <QKeyEvent>
#include <QLabel>
#include <QLineEdit>
#include <QLocale>
#include <QMessageBox>
#include <QPlainTextEdit>
#include <QProgressBar>
#include <QPushButton>
#include <QRegularExpressionValidator>
#include <QSaveFile>
#include <QSortFilterProxyModel>
#include <QSpinBox>
#include <QSplitter>
#include <QStackedWidget>
#include <QTableView>
#include <QVBoxLayout>

namespace nexus {

namespace {
QString fromBytes(const std::string& s)
{
    return QString::fromUtf8(s.data(), qsizetype(s.size()));
}
QString count(std::uint64_t n)
{
    return QLocale().toString(qulonglong(n));
}
QString isoUtc(std::int64_t ms)
{
    return QDateTime::fromMSecsSinceEpoch(ms, Qt::UTC).toString(Qt::ISODateWithMs);
}

void fillTopics(QComboBox* combo)
{
    for (const TopicSpec& t : kTopicCatalogue)
        combo->addItem(QString::fromLatin1(t.name.data(), qsizetype(t.name.size())));
}

/// Edits what a re-produce sends: target topic, key and payload. The caller confirms after.
class ReproduceDialog : public QDialog
{
public:
    ReproduceDialog(const BrowsedMessage& m, QWidget* parent)
        : QDialog(parent), m_topic(new QComboBox), m_key(new QLineEdit(fromBytes(m.key))),
          m_payload(new QPlainTextEdit(fromBytes(m.payload))),
          m_original(m.payload.data(), qsizetype(m.payload.size())), m_originalText(m_payload->toPlainText())
    {
        setObjectName("reproduceDialog");
        setWindowTitle(tr("Re-produce a message"));
        m_topic->setObjectName("reproduceTopic");
        m_topic->setEditable(true);
        fillTopics(m_topic);
        m_topic->setCurrentText(fromBytes(m.topic));
        m_key->setObjectName("reproduceKey");
        m_key->setPlaceholderText(tr("no key"));
        m_payload->setObjectName("reproducePayload");
        m_payload->setFont(QFontDatabase::systemFont(QFontDatabase::FixedFont));
        auto* buttons = new QDialogButtonBox(QDialogButtonBox::Ok | QDialogButtonBox::Cancel);
        buttons->button(QDialogButtonBox::Ok)->setText(tr("Continue…"));
        auto* form = new QFormLayout;
        form->addRow(tr("&Target topic:"), m_topic);
        form->addRow(tr("&Key:"), m_key);
        auto* layout = new QVBoxLayout(this);
        layout->addWidget(new QLabel(tr("From %1[%2] at offset %3. Edit the payload or send it as it is; "
                                        "you confirm before anything is sent.")
                                         .arg(fromBytes(m.topic))
                                         .arg(m.partition)
                                         .arg(m.offset)));
        layout->addLayout(form);
        layout->addWidget(m_payload, 1);
        layout->addWidget(buttons);
        connect(buttons, &QDialogButtonBox::accepted, this, &QDialog::accept);
        connect(buttons, &QDialogButtonBox::rejected, this, &QDialog::reject);
        connect(m_topic, &QComboBox::currentTextChanged, this, [buttons](const QString& t) {
            buttons->button(QDialogButtonBox::Ok)->setEnabled(!t.trimmed().isEmpty());
        });
        resize(640, 480);
    }

    QString topic() const { return m_topic->currentText().trimmed(); }
    QByteArray key() const { return m_key->text().toUtf8(); }
    /// The original bytes when the text was not edited (they need not be UTF-8), else the text.
    QByteArray payload() const
    {
        const QString text = m_payload->toPlainText();
        return text == m_originalText ? m_original : text.toUtf8();
    }
    bool edited() const { return m_payload->toPlainText() != m_originalText; }

private:
    QComboBox* m_topic;
    QLineEdit* m_key;
    QPlainTextEdit* m_payload;
    QByteArray m_original;
    QString m_originalText;
};
} // namespace

MessageBrowserPanel::MessageBrowserPanel(QWidget* parent)
    : QWidget(parent), m_model(new MessageListModel(this)), m_sorted(new QSortFilterProxyModel(this)),
      m_topic(new QComboBox), m_partition(new QComboBox), m_startMode(new QComboBox), m_startValue(new QStackedWidget),
      m_newest(new QSpinBox), m_offset(new QLineEdit), m_time(new QDateTimeEdit), m_filterMode(new QComboBox),
      m_filter(new QLineEdit), m_follow(new QCheckBox(tr("F&ollow live"))), m_browse(new QPushButton(tr("&Browse"))),
      m_stop(new QPushButton(tr("S&top"))), m_progress(new QProgressBar), m_status(new QLabel), m_table(new QTableView),
      m_detailTitle(new QLabel), m_detail(new QPlainTextEdit), m_copy(new QPushButton(tr("&Copy payload"))),
      m_reproduce(new QPushButton(tr("&Re-produce…"))), m_export(new QPushButton(tr("E&xport CSV…")))
{
    setObjectName("messageBrowser");
    auto* splitter = new QSplitter(Qt::Horizontal);
    splitter->setObjectName("messagesSplitter");
    splitter->addWidget(buildResults());
    auto* detail = new QWidget;
    auto* detailLayout = new QVBoxLayout(detail);
    detailLayout->setContentsMargins(0, 0, 0, 0);
    auto* detailButtons = new QHBoxLayout;
    detailButtons->addWidget(m_copy);
    detailButtons->addWidget(m_reproduce);
    detailButtons->addStretch();
    detailLayout->addWidget(m_detailTitle);
    detailLayout->addWidget(m_detail, 1);
    detailLayout->addLayout(detailButtons);
    splitter->addWidget(detail);
    splitter->setStretchFactor(0, 3);
    splitter->setStretchFactor(1, 2);
    splitter->setSizes({600, 400}); // proportions: the detail pane needs room for indented JSON

    auto* layout = new QVBoxLayout(this);
    layout->addWidget(buildControls());
    layout->addWidget(splitter, 1);

    m_detailTitle->setObjectName("messageTitle");
    m_detailTitle->setWordWrap(true);
    m_detailTitle->setTextFormat(Qt::RichText);
    m_detailTitle->setTextInteractionFlags(Qt::TextSelectableByMouse);
    m_detail->setObjectName("messageDetail");
    m_detail->setReadOnly(true);
    m_detail->setLineWrapMode(QPlainTextEdit::NoWrap);
    m_detail->setFont(QFontDatabase::systemFont(QFontDatabase::FixedFont));
    m_copy->setObjectName("copy");
    m_reproduce->setObjectName("reproduce");
    m_copy->setToolTip(tr("Copy the selected message's payload (Ctrl+C in the table)"));
    m_reproduce->setToolTip(tr("Send the selected message again, edited or not, to this or another topic (Ctrl+R)"));

    connect(m_copy, &QPushButton::clicked, this, &MessageBrowserPanel::copySelected);
    connect(m_reproduce, &QPushButton::clicked, this, &MessageBrowserPanel::reproduceSelected);
    connect(m_table->selectionModel(), &QItemSelectionModel::selectionChanged, this,
            &MessageBrowserPanel::showSelected);
    connect(m_model, &QAbstractItemModel::modelReset, this, &MessageBrowserPanel::showSelected);
    addShortcuts();
    topicChanged(m_topic->currentText());
    setRunning(false);
    showSelected();
    m_status->setText(tr("Pick a topic and a start, then Browse (Ctrl+Return)."));
}

QWidget* MessageBrowserPanel::buildControls()
{
    m_topic->setObjectName("topic");
    m_topic->setEditable(true);
    m_topic->setInsertPolicy(QComboBox::NoInsert);
    m_topic->setMinimumContentsLength(16);
    fillTopics(m_topic);
    m_topic->setCurrentText(
        QString::fromLatin1(topics::kHealthMetrics.data(), qsizetype(topics::kHealthMetrics.size())));
    m_topic->setToolTip(tr("A topic of the platform, or type any topic name"));
    m_partition->setObjectName("partition");
    m_partition->setSizeAdjustPolicy(QComboBox::AdjustToContents);

    m_startMode->setObjectName("startMode");
    m_startMode->addItem(tr("Newest per partition"), int(BrowseStart::Newest));
    m_startMode->addItem(tr("From offset"), int(BrowseStart::Offset));
    m_startMode->addItem(tr("From time (UTC)"), int(BrowseStart::Timestamp));
    m_newest->setObjectName("newestCount");
    m_newest->setRange(0, 1000000);
    m_newest->setValue(100);
    m_newest->setToolTip(tr("How many of the newest messages to read from each partition"));
    m_offset->setObjectName("startOffset");
    m_offset->setText("0");
    m_offset->setValidator(new QRegularExpressionValidator(QRegularExpression("\\d{1,18}"), m_offset));
    m_offset->setToolTip(tr("The offset to start at in each partition (clamped to what the bus keeps)"));
    m_time->setObjectName("startTime");
    m_time->setTimeSpec(Qt::UTC);
    m_time->setDisplayFormat("yyyy-MM-dd HH:mm:ss 'UTC'");
    m_time->setCalendarPopup(true);
    m_time->setDateTime(QDateTime::currentDateTimeUtc().addSecs(-3600));
    m_time->setToolTip(tr("Start at each partition's first message at or after this time (Kafka timestamps)"));
    m_startValue->addWidget(m_newest);
    m_startValue->addWidget(m_offset);
    m_startValue->addWidget(m_time);

    m_filterMode->setObjectName("filterMode");
    m_filterMode->addItem(tr("Key is"), int(BrowseFilterMode::Key));
    m_filterMode->addItem(tr("Payload contains"), int(BrowseFilterMode::Text));
    m_filterMode->addItem(tr("Field = value"), int(BrowseFilterMode::Field));
    m_filter->setObjectName("filter");
    m_filter->setClearButtonEnabled(true);
    m_follow->setObjectName("follow");
    m_follow->setToolTip(tr("After the newest message, keep showing new ones as they arrive"));
    m_browse->setObjectName("browse");
    m_browse->setToolTip(tr("Read the topic (Ctrl+Return); a browse still running is stopped"));
    m_browse->setDefault(true);
    m_stop->setObjectName("stop");
    m_stop->setToolTip(tr("Stop reading (Esc)"));
    m_progress->setObjectName("progress");
    m_progress->setMaximumWidth(220);
    m_status->setObjectName("status");
    m_status->setTextInteractionFlags(Qt::TextSelectableByMouse);

    auto label = [](const QString& text, QWidget* buddy) {
        auto* l = new QLabel(text);
        l->setBuddy(buddy);
        return l;
    };
    auto* row1 = new QHBoxLayout;
    row1->addWidget(label(tr("&Topic:"), m_topic));
    row1->addWidget(m_topic);
    row1->addWidget(label(tr("&Partition:"), m_partition));
    row1->addWidget(m_partition);
    row1->addSpacing(12);
    row1->addWidget(label(tr("&Start:"), m_startMode));
    row1->addWidget(m_startMode);
    row1->addWidget(m_startValue);
    row1->addStretch();
    auto* row2 = new QHBoxLayout;
    row2->addWidget(label(tr("Fi&lter:"), m_filter));
    row2->addWidget(m_filterMode);
    row2->addWidget(m_filter, 1);
    row2->addWidget(m_follow);
    row2->addWidget(m_browse);
    row2->addWidget(m_stop);
    auto* row3 = new QHBoxLayout;
    row3->addWidget(m_progress);
    row3->addWidget(m_status, 1);

    auto* box = new QWidget;
    auto* layout = new QVBoxLayout(box);
    layout->setContentsMargins(0, 0, 0, 0);
    layout->addLayout(row1);
    layout->addLayout(row2);
    layout->addLayout(row3);

    auto updatePlaceholder = [this] {
        static const char* const kHints[] = {QT_TR_NOOP("the exact key, e.g. u0000042"),
                                             QT_TR_NOOP("text the payload contains (case-sensitive)"),
                                             QT_TR_NOOP("a top-level field, e.g. type=workout-start")};
        m_filter->setPlaceholderText(tr(kHints[std::clamp(m_filterMode->currentIndex(), 0, 2)]));
    };
    updatePlaceholder();
    connect(m_filterMode, &QComboBox::currentIndexChanged, this, updatePlaceholder);
    connect(m_startMode, &QComboBox::currentIndexChanged, m_startValue, &QStackedWidget::setCurrentIndex);
    connect(m_topic, &QComboBox::currentTextChanged, this, &MessageBrowserPanel::topicChanged);
    connect(m_browse, &QPushButton::clicked, this, &MessageBrowserPanel::browse);
    connect(m_stop, &QPushButton::clicked, this, &MessageBrowserPanel::stop);
    connect(m_filter, &QLineEdit::returnPressed, this, &MessageBrowserPanel::browse);
    connect(m_offset, &QLineEdit::returnPressed, this, &MessageBrowserPanel::browse);
    return box;
}

QWidget* MessageBrowserPanel::buildResults()
{
    m_sorted->setSourceModel(m_model);
    m_sorted->setSortRole(MessageListModel::SortRole);
    m_table->setObjectName("messages");
    m_table->setModel(m_sorted);
    m_table->setSelectionBehavior(QAbstractItemView::SelectRows);
    m_table->setSelectionMode(QAbstractItemView::SingleSelection);
    m_table->setAlternatingRowColors(true);
    m_table->setWordWrap(false);
    m_table->verticalHeader()->hide();
    m_table->verticalHeader()->setSectionResizeMode(QHeaderView::Fixed);
    m_table->verticalHeader()->setDefaultSectionSize(m_table->fontMetrics().height() + 6);
    QHeaderView* header = m_table->horizontalHeader();
    header->setStretchLastSection(true);
    header->setSortIndicatorClearable(true); // a third click returns to arrival order
    header->setSortIndicator(-1, Qt::AscendingOrder);
    m_table->setSortingEnabled(true);
    const QFontMetrics fm = m_table->fontMetrics();
    m_table->setColumnWidth(MessageListModel::Partition, fm.horizontalAdvance("Partition") + 24);
    m_table->setColumnWidth(MessageListModel::Offset, fm.horizontalAdvance("00000000") + 16);
    m_table->setColumnWidth(MessageListModel::Time, fm.horizontalAdvance("2025-11-24T16:00:00.000Z") + 16);
    m_table->setColumnWidth(MessageListModel::Key, fm.horizontalAdvance("u0000000000") + 16);
    m_table->setColumnWidth(MessageListModel::Size, fm.horizontalAdvance("000000") + 24);
    m_table->setColumnWidth(MessageListModel::Type, fm.horizontalAdvance("workout-summary") + 16);
    m_table->installEventFilter(this);

    auto* note = new QLabel(tr("The table keeps the newest %1 messages; older ones are dropped.")
                                .arg(QLocale().toString(m_model->capacity())));
    note->setObjectName("capacityNote");
    note->setEnabled(false); // rendered as a quiet hint
    m_export->setObjectName("exportCsv");
    m_export->setToolTip(tr("Save the table, in its sort order, as CSV (Ctrl+Shift+E)"));
    connect(m_export, &QPushButton::clicked, this, [this] {
        const QString topic = QString::fromStdString(m_browsedTopic.empty() ? "messages" : m_browsedTopic);
        const QString path =
            QFileDialog::getSaveFileName(this, tr("Export messages"), topic + ".csv", tr("CSV files (*.csv)"));
        if (!path.isEmpty())
            exportCsv(path);
    });
    auto* bottom = new QHBoxLayout;
    bottom->addWidget(note, 1);
    bottom->addWidget(m_export);

    auto* box = new QWidget;
    auto* layout = new QVBoxLayout(box);
    layout->setContentsMargins(0, 0, 0, 0);
    layout->addWidget(m_table, 1);
    layout->addLayout(bottom);
    return box;
}

void MessageBrowserPanel::addShortcuts()
{
    auto add = [this](const QList<QKeySequence>& keys, auto slot) {
        auto* action = new QAction(this);
        action->setShortcuts(keys);
        action->setShortcutContext(Qt::WidgetWithChildrenShortcut);
        connect(action, &QAction::triggered, this, slot);
        addAction(action);
    };
    add({QKeySequence(Qt::CTRL | Qt::Key_Return), QKeySequence(Qt::CTRL | Qt::Key_Enter), QKeySequence(Qt::Key_F5)},
        &MessageBrowserPanel::browse);
    add({QKeySequence(Qt::Key_Escape)}, &MessageBrowserPanel::stop);
    add({QKeySequence(Qt::CTRL | Qt::Key_R)}, &MessageBrowserPanel::reproduceSelected);
    add({QKeySequence(Qt::CTRL | Qt::SHIFT | Qt::Key_E)}, [this] { m_export->click(); });
    add({QKeySequence::Find}, [this] {
        m_filter->setFocus(Qt::ShortcutFocusReason);
        m_filter->selectAll();
    });
}

bool MessageBrowserPanel::eventFilter(QObject* watched, QEvent* event)
{
    // The table's own Ctrl+C copies one cell's text; here it copies the message.
    if (watched == m_table && (event->type() == QEvent::KeyPress || event->type() == QEvent::ShortcutOverride)) {
        auto* key = static_cast<QKeyEvent*>(event);
        if (key->matches(QKeySequence::Copy)) {
            if (event->type() == QEvent::KeyPress)
                copySelected();
            event->accept();
            return true;
        }
    }
    return QWidget::eventFilter(watched, event);
}

BrowseRequest MessageBrowserPanel::request() const
{
    BrowseRequest r;
    r.topic = m_topic->currentText().trimmed().toStdString();
    r.partition = m_partition->currentIndex() > 0 ? m_partition->currentData().toInt() : -1;
    r.start = BrowseStart(m_startMode->currentData().toInt());
    r.count = m_newest->value();
    r.offset = m_offset->text().toLongLong();
    r.timestampMs = m_time->dateTime().toMSecsSinceEpoch();
    r.filterText = m_filter->text().toStdString();
    r.filterMode =
        r.filterText.empty() ? BrowseFilterMode::None : BrowseFilterMode(m_filterMode->currentData().toInt());
    r.follow = m_follow->isChecked();
    return r;
}

int MessageBrowserPanel::selectedRow() const
{
    const QModelIndexList rows = m_table->selectionModel()->selectedRows();
    return rows.isEmpty() ? -1 : m_sorted->mapToSource(rows.first()).row();
}

void MessageBrowserPanel::browse()
{
    const BrowseRequest r = request();
    if (r.topic.empty()) {
        showError(tr("Pick or type a topic first."));
        return;
    }
    if (r.filterMode == BrowseFilterMode::Field && r.filterText.find('=') == std::string::npos) {
        showError(tr("A field filter reads name=value, e.g. user_id=u0000042."));
        return;
    }
    const QString topic = QString::fromStdString(r.topic);
    if (m_topic->findText(topic) < 0)
        m_topic->addItem(topic); // remembered for this session
    m_browsedTopic = r.topic;
    m_model->clear();
    setRunning(true);
    m_status->setStyleSheet({});
    m_status->setText(tr("Looking up offsets of %1…").arg(topic));
    emit browseRequested(r);
}

void MessageBrowserPanel::stop()
{
    emit stopRequested();
}

void MessageBrowserPanel::appendMessages(std::vector<BrowsedMessage> batch)
{
    m_model->appendBatch(std::move(batch));
}

void MessageBrowserPanel::showProgress(const BrowseProgress& p)
{
    const QString browsed = QString::fromStdString(m_browsedTopic);
    if (p.partitions > 0 && m_partitionCounts.value(browsed) != p.partitions) {
        m_partitionCounts.insert(browsed, p.partitions);
        if (m_topic->currentText().trimmed() == browsed)
            setPartitionCount(p.partitions);
    }
    const bool scanning = p.state == BrowseState::Resolving || p.state == BrowseState::Scanning;
    m_progress->setVisible(scanning);
    if (p.state == BrowseState::Resolving || p.toScan == 0) {
        m_progress->setRange(0, 0); // busy: nothing to measure yet
    } else {
        m_progress->setRange(0, 1000); // permille: counts can exceed an int
        m_progress->setValue(int(std::min<std::uint64_t>(1000, p.scanned * 1000 / p.toScan)));
    }
    const QString scanned = tr("scanned %1 of %2").arg(count(p.scanned), count(p.toScan));
    QString text;
    switch (p.state) {
    case BrowseState::Idle:
        return;
    case BrowseState::Resolving:
        text = tr("Looking up offsets…");
        break;
    case BrowseState::Scanning:
        text = tr("Reading: %1").arg(scanned);
        break;
    case BrowseState::Following:
        text = tr("Following live: %1 read").arg(count(p.scanned));
        break;
    case BrowseState::Finished:
        text = tr("Done: %1").arg(scanned);
        break;
    case BrowseState::Cancelled:
        text = tr("Stopped: %1").arg(scanned);
        break;
    case BrowseState::Failed:
        text = tr("Failed: %1").arg(QString::fromStdString(p.error));
        break;
    }
    if (p.state != BrowseState::Failed) {
        text += tr(" · %1 matched · %2 shown").arg(count(p.matched), count(std::uint64_t(m_model->rowCount())));
        const std::uint64_t dropped = p.dropped + m_model->dropped();
        if (dropped > 0)
            text += tr(" · %1 older dropped (the table keeps the newest %2)")
                        .arg(count(dropped), count(std::uint64_t(m_model->capacity())));
        if (!p.error.empty())
            text += tr(" · warning: %1").arg(QString::fromStdString(p.error));
    }
    m_status->setStyleSheet(p.state == BrowseState::Failed ? "color: #b3261e" : "");
    m_status->setText(text);
    setRunning(!isTerminal(p.state));
}

void MessageBrowserPanel::showError(const QString& message)
{
    m_status->setStyleSheet("color: #b3261e");
    m_status->setText(message);
    setRunning(false);
}

void MessageBrowserPanel::showReproduced(bool ok, const QString& topic, const QString& error)
{
    m_status->setStyleSheet(ok ? "" : "color: #b3261e");
    m_status->setText(ok ? tr("Sent one message to %1.").arg(topic)
                         : tr("The message was not sent to %1: %2").arg(topic, error));
}

void MessageBrowserPanel::copySelected()
{
    const int row = selectedRow();
    if (row < 0)
        return;
    const BrowsedMessage& m = m_model->message(row);
    QApplication::clipboard()->setText(fromBytes(m.payload));
    m_status->setStyleSheet({});
    m_status->setText(
        tr("Copied the payload of %1[%2] at offset %3.").arg(fromBytes(m.topic)).arg(m.partition).arg(m.offset));
}

void MessageBrowserPanel::reproduceSelected()
{
    const int row = selectedRow();
    if (row < 0)
        return;
    auto* dialog = new ReproduceDialog(m_model->message(row), this);
    dialog->setAttribute(Qt::WA_DeleteOnClose);
    connect(dialog, &QDialog::accepted, this,
            [this, dialog] { confirmReproduce(dialog->topic(), dialog->key(), dialog->payload()); });
    dialog->open();
}

void MessageBrowserPanel::confirmReproduce(const QString& topic, const QByteArray& key, const QByteArray& payload)
{
    QJsonParseError error;
    QJsonDocument::fromJson(payload, &error);
    const QString keyText = key.isEmpty() ? tr("no key") : tr("key “%1”").arg(QString::fromUtf8(key));
    auto* box = new QMessageBox(
        QMessageBox::Warning, tr("Send a message to the bus?"),
        tr("Send one message (%1 bytes) to topic “%2” with %3?").arg(payload.size()).arg(topic, keyText),
        QMessageBox::Yes | QMessageBox::Cancel, this);
    box->setObjectName("reproduceConfirmation");
    box->setInformativeText(
        tr("It goes onto the live bus: every consumer of %1 will read it.").arg(topic) +
        (error.error == QJsonParseError::NoError ? QString() : tr("\nThe payload is not valid JSON.")));
    box->setDetailedText(QString::fromUtf8(payload));
    box->button(QMessageBox::Yes)->setText(tr("Send"));
    box->setDefaultButton(QMessageBox::Cancel);
    box->setAttribute(Qt::WA_DeleteOnClose);
    connect(box, &QMessageBox::buttonClicked, this, [this, box, topic, key, payload](QAbstractButton* button) {
        if (box->standardButton(button) != QMessageBox::Yes)
            return;
        m_status->setStyleSheet({});
        m_status->setText(tr("Sending to %1…").arg(topic));
        emit reproduceRequested(topic, key, payload);
    });
    box->open();
}

void MessageBrowserPanel::topicChanged(const QString& topic)
{
    // Unknown topics offer only All until a browse learns their partition count.
    int partitions = m_partitionCounts.value(topic.trimmed());
    for (const TopicSpec& t : kTopicCatalogue)
        if (topic.trimmed() == QLatin1String(t.name.data(), qsizetype(t.name.size())))
            partitions = t.partitions;
    setPartitionCount(partitions);
}

void MessageBrowserPanel::setPartitionCount(int partitions)
{
    const int previous = m_partition->currentData().toInt();
    m_partition->clear();
    m_partition->addItem(tr("All"), -1);
    for (int p = 0; p < partitions; ++p)
        m_partition->addItem(QString::number(p), p);
    m_partition->setCurrentIndex(std::max(0, m_partition->findData(previous)));
}

void MessageBrowserPanel::showSelected()
{
    const int row = selectedRow();
    m_copy->setEnabled(row >= 0);
    m_reproduce->setEnabled(row >= 0);
    if (row < 0) {
        m_detailTitle->setText(tr("<i>Select a message to see it decoded.</i>"));
        m_detail->clear();
        return;
    }
    const BrowsedMessage& m = m_model->message(row);
    const QString type = m_model->typeOf(row);
    QJsonParseError error;
    const QJsonDocument doc =
        QJsonDocument::fromJson(QByteArray::fromRawData(m.payload.data(), qsizetype(m.payload.size())), &error);
    QString schema = tr("not JSON");
    QStringList times;
    if (error.error == QJsonParseError::NoError) {
        const QJsonObject object = doc.object();
        const QString file = MessageListModel::schemaFileFor(type, object.value("schema").toInt());
        schema = !file.isEmpty()                             ? file
                 : doc.isObject() && object.contains("type") ? tr("no schema documents type “%1”").arg(type)
                                                             : tr("no “type” field");
        // Times in the payloads are µs since the epoch (resources/schemas/README.md): show them readable.
        for (auto it = object.begin(); it != object.end(); ++it)
            if (it.key().endsWith("_us") && it.value().isDouble())
                times << QStringLiteral("%1 %2").arg(it.key(), isoUtc(it.value().toInteger() / 1000));
        m_detail->setPlainText(MessageListModel::prettyJson(m.payload));
    } else {
        m_detail->setPlainText(fromBytes(m.payload));
    }
    QString title = tr("<b>%1</b> · partition %2 · offset %3<br>%4 · key <b>%5</b> · %6 bytes<br>schema: <b>%7</b>")
                        .arg(fromBytes(m.topic).toHtmlEscaped())
                        .arg(m.partition)
                        .arg(m.offset)
                        .arg(m.timestampMs >= 0 ? isoUtc(m.timestampMs) : tr("no timestamp"))
                        .arg(m.key.empty() ? tr("(none)") : fromBytes(m.key).toHtmlEscaped())
                        .arg(m.payload.size())
                        .arg(schema.toHtmlEscaped());
    if (!times.isEmpty())
        title += tr("<br>times: %1").arg(times.join(QStringLiteral(" · ")).toHtmlEscaped());
    m_detailTitle->setText(title);
}

void MessageBrowserPanel::setRunning(bool running)
{
    m_stop->setEnabled(running);
    if (!running)
        m_progress->hide();
}

bool MessageBrowserPanel::exportCsv(const QString& path)
{
    QList<int> rows;
    rows.reserve(m_sorted->rowCount());
    for (int r = 0; r < m_sorted->rowCount(); ++r)
        rows << m_sorted->mapToSource(m_sorted->index(r, 0)).row();
    QSaveFile file(path);
    if (!file.open(QIODevice::WriteOnly) || !m_model->writeCsv(file, rows) || !file.commit()) {
        showError(tr("Cannot write %1: %2").arg(path, file.errorString()));
        return false;
    }
    m_status->setStyleSheet({});
    m_status->setText(tr("Exported %1 messages to %2.").arg(count(std::uint64_t(rows.size())), path));
    return true;
}

} // namespace nexus
