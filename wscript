# -*- Mode: python; py-indent-offset: 4; indent-tabs-mode: nil -*-
# Build of ntp-peer inside an ns-3 <= 3.35 (waf) source tree, as
# contrib/ntp-peer or src/ntp-peer. ns-3 >= 3.36 uses CMakeLists.txt.
# The file lists below are kept equal to CMakeLists.txt's by the
# build/wscript-lists test (test/build-lists.cmake): one name per line.

CORE_SOURCES = [
    'model/core/ntp-address.cc',
    'model/core/ntp-auth.cc',
    'model/core/ntp-auth-mac.cc',
    'model/core/ntp-discipline.cc',
    'model/core/ntp-engine.cc',
    'model/core/ntp-filter.cc',
    'model/core/ntp-host.cc',
    'model/core/ntp-kernel.cc',
    'model/core/ntp-keyfile.cc',
    'model/core/ntp-packet.cc',
    'model/core/ntp-parameters.cc',
    'model/core/ntp-peer.cc',
    'model/core/ntp-poll.cc',
    'model/core/ntp-receive.cc',
    'model/core/ntp-select.cc',
    'model/core/ntp-steering.cc',
    'model/core/ntp-system.cc',
    'model/core/ntp-time.cc',
]

CORE_HEADERS = [
    'model/core/ntp-address.h',
    'model/core/ntp-auth.h',
    'model/core/ntp-discipline.h',
    'model/core/ntp-engine.h',
    'model/core/ntp-filter.h',
    'model/core/ntp-flat-map.h',
    'model/core/ntp-host.h',
    'model/core/ntp-kernel.h',
    'model/core/ntp-keyfile.h',
    'model/core/ntp-openssl.h',
    'model/core/ntp-packet.h',
    'model/core/ntp-parameters.h',
    'model/core/ntp-peer.h',
    'model/core/ntp-poll.h',
    'model/core/ntp-random.h',
    'model/core/ntp-select.h',
    'model/core/ntp-small-sort.h',
    'model/core/ntp-status.h',
    'model/core/ntp-steering.h',
    'model/core/ntp-time.h',
]

MODEL_SOURCES = [
    'model/ntp-clock.cc',
    'model/ntp-link-channel.cc',
    'model/ntp-link-attacker.cc',
    'model/ntp-ns3-host.cc',
    'model/ntp-oscillator.cc',
    'model/ntp-origin-tag.cc',
    'model/ntp-router-config.cc',
    'model/ntp-service.cc',
    'model/ntp-service-config.cc',
    'model/ntp-service-observer.cc',
    'model/ntp-socket-set.cc',
    'model/ntp-truth-sampler.cc',
    'model/router/ntp-cipher.cc',
    'model/router/ntp-cli-parser.cc',
    'model/router/ntp-interface-names.cc',
    'model/router/ntp-router-cli.cc',
    'model/router/ntp-router-display-config.cc',
    'model/router/ntp-router-display.cc',
    'model/vrf-instance-tag.cc',
    'model/vrf-ipv6-local-delivery.cc',
    'model/vrf-ipv6-routing.cc',
    'model/vrf-net-device.cc',
    'model/vrf-routing.cc',
    'helper/ntp-peer-helper.cc',
    'helper/ntp-link-helper.cc',
    'helper/ntp-peer-ns3-options.cc',
    'helper/ntp-peer-option-values.cc',
    'helper/ntp-peer-options.cc',
    'helper/ntp-peer-progress.cc',
    'helper/ntp-peer-scenario.cc',
    'helper/ntp-peer-scenario-options.cc',
    'helper/ntp-topology.cc',
    'helper/ntp-peer-vpn-scenario.cc',
    'helper/vrf-helper.cc',
]

MODEL_HEADERS = [
    'model/ntp-clock.h',
    'model/ntp-link-channel.h',
    'model/ntp-link-attacker.h',
    'model/ntp-ns3-host.h',
    'model/ntp-oscillator.h',
    'model/ntp-origin-tag.h',
    'model/ntp-router-config.h',
    'model/ntp-service.h',
    'model/ntp-socket-set.h',
    'model/ntp-truth-sampler.h',
    'model/router/ntp-cipher.h',
    'model/router/ntp-cli-parser.h',
    'model/router/ntp-interface-names.h',
    'model/router/ntp-router-cli.h',
    'model/router/ntp-router-display.h',
    'model/vrf-instance-tag.h',
    'model/vrf-ipv6-local-delivery.h',
    'model/vrf-ipv6-routing.h',
    'model/vrf-net-device.h',
    'model/vrf-routing.h',
    'helper/ntp-peer-helper.h',
    'helper/ntp-link-helper.h',
    'helper/ntp-peer-options.h',
    'helper/ntp-peer-progress.h',
    'helper/ntp-peer-scenario.h',
    'helper/ntp-peer-scenario-options.h',
    'helper/ntp-topology.h',
    'helper/ntp-peer-vpn-scenario.h',
    'helper/vrf-helper.h',
]

# Headers only the module's own sources include (found through 'helper' in
# module.includes): not installed and not in ntp-peer-module.h.
MODEL_INTERNAL_HEADERS = [
    'helper/ntp-peer-ns3-options.h',
    'helper/ntp-peer-option-values.h',
]

TEST_SOURCES = [
    'test/ntp-peer-fidelity-test.cc',
    'test/ntp-peer-commit-test.cc',
    'test/ntp-peer-model-test.cc',
    'test/ntp-peer-probe-test.cc',
    'test/ntp-truth-sampler-test.cc',
    'test/ntp-link-helper-test.cc',
    'test/ntp-peer-arp-test.cc',
    'test/ntp-peer-test-suite.cc',
    'test/ntp-peer-vpn-test.cc',
    'test/ntp-peer-attack-test.cc',
    'test/ntp-router-cipher-test.cc',
    'test/ntp-router-cli-test.cc',
    'test/ntp-router-display-test.cc',
    'test/vrf-ipv6-test.cc',
    'test/vrf-socket-test.cc',
    'test/vrf-test.cc',
]


def configure(conf):
    # The core's only dependency besides C++17 is OpenSSL's libcrypto.
    conf.check_cfg(package='libcrypto', uselib_store='OPENSSL',
                   args=['--cflags', '--libs'], mandatory=True)
    conf.env.append_value('CXXFLAGS', ['-std=c++17'])


def build(bld):
    module = bld.create_ns3_module(
        'ntp-peer', ['core', 'network', 'internet', 'applications', 'point-to-point',
                     'csma'])  # csma: the topology builder's LANs, the vrf suite's IPv6 LANs
    module.source = CORE_SOURCES + MODEL_SOURCES
    module.includes = ['model/core', 'model', 'model/router', 'helper']
    # create_ns3_module put the ns3-* dependencies in 'use': add to it.
    module.use.append('OPENSSL')

    module_test = bld.create_ns3_module_test_library('ntp-peer')
    module_test.source = TEST_SOURCES

    headers = bld(features='ns3header')
    headers.module = 'ntp-peer'
    # Core headers are installed flat beside the model's so that
    # "ntp-engine.h" resolves from ns3/ntp-service.h.
    headers.source = CORE_HEADERS + MODEL_HEADERS

    if bld.env.ENABLE_EXAMPLES:
        bld.recurse('examples')
