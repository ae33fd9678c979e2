# Owned by the scenario work: sources and built-in scenario files of nexus_simulator.
target_sources(nexus_simulator PRIVATE scenario/Scenario.h scenario/Scenario.cpp)

# Built into the binary as :/nexus/scenarios/<name>.json. For a static library Qt makes an object
# library of the resources and links it into every consumer, so no Q_INIT_RESOURCE is needed.
set(nexus_scenario_dir ${PROJECT_SOURCE_DIR}/resources/scenarios)
qt_add_resources(nexus_simulator nexus_scenarios
    PREFIX /nexus/scenarios
    BASE ${nexus_scenario_dir}
    FILES ${nexus_scenario_dir}/anomaly-mix.json
          ${nexus_scenario_dir}/normal-day.json
          ${nexus_scenario_dir}/marathon-week.json
          ${nexus_scenario_dir}/overtraining-block.json
          ${nexus_scenario_dir}/flu-onset.json
          ${nexus_scenario_dir}/flaky-fleet.json)
