# Owned by the health-analyzer work: sources of nexus_backend.
target_sources(nexus_backend PRIVATE
    analysis/DetectorSettings.h
    analysis/StateBlob.h
    analysis/Evidence.h
    analysis/Episode.h analysis/Episode.cpp
    analysis/ThresholdRun.h
    analysis/ReadingContext.h analysis/ReadingContext.cpp
    analysis/HeartRateDetectors.h analysis/HeartRateDetectors.cpp
    analysis/Spo2Detector.h analysis/Spo2Detector.cpp
    analysis/SignalQualityDetectors.h analysis/SignalQualityDetectors.cpp
    analysis/RhythmDetector.h analysis/RhythmDetector.cpp
    analysis/NightlyDetectors.h analysis/NightlyDetectors.cpp
    analysis/UserAnalysis.h analysis/UserAnalysis.cpp
    analysis/HealthAnalyzer.h analysis/HealthAnalyzer.cpp
    codec/AlertCodec.h codec/AlertCodec.cpp
)
