# Installation and the two Debian packages (CPack DEB), `deploy/package.sh`
# builds them into build/packages:
#   xinbao-broker  the daemon (/usr/sbin), its systemd unit, sysusers and
#                  tmpfiles entries, the config as a conffile
#                  (/etc/xinbao/broker.toml), its man page and docs;
#                  postinst makes the user, the folders, the broker's key
#                  pair and an empty user registry (deploy/debian/).
#   xinbao         the command line (/usr/bin), its man page and docs.
# Runtime dependencies come from dpkg-shlibdeps (Debian's dpkg-dev). Man
# pages are made at build time by help2man from the programs' real --help.
include(GNUInstallDirs)

install(TARGETS xinbao-broker RUNTIME DESTINATION ${CMAKE_INSTALL_SBINDIR}
        COMPONENT broker)
install(TARGETS xinbao RUNTIME DESTINATION ${CMAKE_INSTALL_BINDIR}
        COMPONENT cli)

set(XINBAO_DEPLOY ${PROJECT_SOURCE_DIR}/deploy)
# Debian's packages put units, sysusers and tmpfiles under /usr/lib, not
# under the prefix's lib (which would be lib/x86_64-linux-gnu).
install(FILES ${XINBAO_DEPLOY}/xinbao-broker.service
        DESTINATION lib/systemd/system COMPONENT broker)
install(FILES ${XINBAO_DEPLOY}/xinbao-broker.sysusers
        DESTINATION lib/sysusers.d RENAME xinbao-broker.conf COMPONENT broker)
install(FILES ${XINBAO_DEPLOY}/xinbao-broker.tmpfiles
        DESTINATION lib/tmpfiles.d RENAME xinbao-broker.conf COMPONENT broker)
# /etc/xinbao/broker.toml, a conffile (deploy/debian/conffiles): an
# upgrade keeps the operator's edits.
install(FILES ${XINBAO_DEPLOY}/xinbao-broker.toml
        DESTINATION /etc/xinbao RENAME broker.toml COMPONENT broker)
install(FILES ${PROJECT_SOURCE_DIR}/README.md ${PROJECT_SOURCE_DIR}/docs/OPERATIONS.md
              ${PROJECT_SOURCE_DIR}/docs/PROTOCOL.md ${PROJECT_SOURCE_DIR}/docs/EVENTS.md
              ${PROJECT_SOURCE_DIR}/docs/DUBAN.md ${PROJECT_SOURCE_DIR}/docs/CAIBIAN.md
        DESTINATION ${CMAKE_INSTALL_DATAROOTDIR}/doc/xinbao-broker COMPONENT broker)
# The working-day calendar built into the broker, to copy when a year's
# arrangement is published ([calendar] file).
install(FILES ${XINBAO_DEPLOY}/calendar/cn-workdays.toml
        DESTINATION ${CMAKE_INSTALL_DATAROOTDIR}/doc/xinbao-broker/examples
        COMPONENT broker)
install(FILES ${PROJECT_SOURCE_DIR}/clients/cli/README.md
        DESTINATION ${CMAKE_INSTALL_DATAROOTDIR}/doc/xinbao COMPONENT cli)

# Man pages: help2man runs each program's real --help (Chinese, UTF-8:
# --locale, or it writes question marks), found on PATH so that the usage
# line names the program and not the build folder; deploy/man/*.h2m add
# the NAME line and FILES / SEE ALSO. gzip -9n: no name or time stamp.
find_program(HELP2MAN help2man)
if(HELP2MAN)
  set(XINBAO_MAN_DIR ${CMAKE_BINARY_DIR}/man)
  function(xinbao_man_page target section component)
    set(page ${XINBAO_MAN_DIR}/${target}.${section})
    set(sections ${XINBAO_DEPLOY}/man/${target}.h2m)
    add_custom_command(
      OUTPUT ${page}.gz
      COMMAND ${CMAKE_COMMAND} -E make_directory ${XINBAO_MAN_DIR}
      COMMAND ${CMAKE_COMMAND} -E env "PATH=$<TARGET_FILE_DIR:${target}>:$ENV{PATH}"
              ${HELP2MAN} --no-info --locale=C.UTF-8 --no-discard-stderr
              --version-string=${PROJECT_VERSION} --section=${section}
              --include=${sections} --output=${page} ${target}
      COMMAND gzip -9nf ${page}
      DEPENDS ${target} ${sections}
      COMMENT "help2man: ${target}.${section}"
      VERBATIM)
    add_custom_target(${target}-man ALL DEPENDS ${page}.gz)
    install(FILES ${page}.gz
            DESTINATION ${CMAKE_INSTALL_MANDIR}/man${section}
            COMPONENT ${component})
  endfunction()
  xinbao_man_page(xinbao-broker 8 broker)
  xinbao_man_page(xinbao 1 cli)
else()
  message(STATUS "help2man not found: no man pages (deploy/install-deps.sh installs it)")
endif()

set(CPACK_GENERATOR DEB)
set(CPACK_PACKAGE_NAME xinbao)
set(CPACK_PACKAGE_VENDOR "xinbao")
set(CPACK_PACKAGE_CONTACT "xinbao maintainers <xinbao@localhost>")
set(CPACK_PACKAGE_VERSION ${PROJECT_VERSION})
set(CPACK_PACKAGING_INSTALL_PREFIX /usr)
set(CPACK_PACKAGE_DIRECTORY ${CMAKE_BINARY_DIR}/packages)
set(CPACK_DEB_COMPONENT_INSTALL ON)
set(CPACK_COMPONENTS_ALL broker cli)
set(CPACK_DEBIAN_FILE_NAME DEB-DEFAULT)
set(CPACK_DEBIAN_PACKAGE_SHLIBDEPS ON)
# Installed programs without their debug sections (the build keeps them).
set(CPACK_STRIP_FILES ON)
set(CPACK_DEBIAN_PACKAGE_SECTION net)
set(CPACK_DEBIAN_PACKAGE_PRIORITY optional)
# Both programs read time zones from tzdata (Asia/Shanghai by default).
set(CPACK_DEBIAN_BROKER_PACKAGE_NAME xinbao-broker)
set(CPACK_DEBIAN_BROKER_PACKAGE_SECTION net)
# postinst makes the broker's key pair with `xinbao keygen`.
set(CPACK_DEBIAN_BROKER_PACKAGE_DEPENDS "xinbao (= ${PROJECT_VERSION}), tzdata, adduser")
set(CPACK_DEBIAN_BROKER_PACKAGE_CONTROL_EXTRA
    ${XINBAO_DEPLOY}/debian/conffiles ${XINBAO_DEPLOY}/debian/postinst
    ${XINBAO_DEPLOY}/debian/prerm ${XINBAO_DEPLOY}/debian/postrm)
set(CPACK_DEBIAN_BROKER_PACKAGE_CONTROL_STRICT_PERMISSION ON)
set(CPACK_COMPONENT_BROKER_DESCRIPTION "xinbao broker (信报): the information-reporting daemon
Stores the reports of townships and departments, tracks the deadlines of
urgent events, 督办 and 采编, and serves the central office's monitors over
CurveZMQ. Runs as a hardened systemd service (Type=notify, watchdog).")
set(CPACK_DEBIAN_CLI_PACKAGE_NAME xinbao)
set(CPACK_DEBIAN_CLI_PACKAGE_SECTION utils)
set(CPACK_DEBIAN_CLI_PACKAGE_DEPENDS "tzdata")
# 楷体 and the CJK fonts of printed bulletins (clients/print).
set(CPACK_DEBIAN_CLI_PACKAGE_RECOMMENDS "fonts-arphic-ukai, fonts-noto-cjk")
set(CPACK_COMPONENT_CLI_DESCRIPTION "xinbao (信报) command line for information officers and the central office
Submits reports, watches the live feed, answers 督办 and 约稿, compiles and
prints bulletins, and administers the broker (keys, registry).")
include(CPack)
