# Tests of the Operations workspace's Topics and Consumer-groups panels and the cluster inspector.
nexus_add_test(NAME tst_cluster_models LABEL unit SOURCES unit/tst_cluster_models.cpp LIBRARIES nexus_models)
nexus_add_test(NAME tst_cluster_inspector LABEL integration SOURCES integration/tst_cluster_inspector.cpp
    LIBRARIES nexus_backend)
nexus_add_test(NAME tst_cluster_panels LABEL gui SOURCES gui/tst_cluster_panels.cpp LIBRARIES nexus_widgets)
