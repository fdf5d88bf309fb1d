# Installing sonde, and its Debian package.  Included by the Makefile.
#
#   make install [PREFIX=/usr/local] [DESTDIR=]   the binary, man pages,
#                  bash completion, the systemd units (sonde, sonde-profile) and
#                  their settings (/etc/sonde/serve.conf, /etc/default/sonde-profile)
#   make uninstall [PREFIX=...] [DESTDIR=]
#   make deb       build/sonde_VERSION_ARCH.deb (dpkg-deb, no debhelper)
#
# The man page of the tools is generated into build/, the unit gets this
# PREFIX's paths as it is installed; nothing generated is kept in the tree.

.PHONY: install uninstall man deb

PREFIX		?= /usr/local
BINDIR		?= $(PREFIX)/bin
MANDIR		?= $(PREFIX)/share/man
DOCDIR		?= $(PREFIX)/share/doc/sonde
SYSCONFDIR	?= $(if $(filter /usr,$(PREFIX)),/etc,$(PREFIX)/etc)
UNITDIR		?= $(if $(filter /usr,$(PREFIX)),/lib/systemd/system,$(PREFIX)/lib/systemd/system)
COMPLETIONDIR	?= $(PREFIX)/share/bash-completion/completions
DEB_VERSION	:= 0.1.0-1
DEB_ARCH	= $(shell dpkg --print-architecture)

man: $(BUILD)/man/sonde-tools.7

$(BUILD)/man/sonde-tools.7: scripts/man-tools.sh $(TOOLS)
	@mkdir -p $(dir $@)
	sh scripts/man-tools.sh $@

install: sonde man
	install -d $(DESTDIR)$(BINDIR) $(DESTDIR)$(MANDIR)/man1 $(DESTDIR)$(MANDIR)/man7 \
		$(DESTDIR)$(COMPLETIONDIR) $(DESTDIR)$(UNITDIR) $(DESTDIR)$(SYSCONFDIR)/sonde \
		$(DESTDIR)$(DOCDIR)
	install -m 755 sonde $(DESTDIR)$(BINDIR)/sonde
	gzip -9n <dist/sonde.1 >$(DESTDIR)$(MANDIR)/man1/sonde.1.gz
	gzip -9n <$(BUILD)/man/sonde-tools.7 >$(DESTDIR)$(MANDIR)/man7/sonde-tools.7.gz
	chmod 644 $(DESTDIR)$(MANDIR)/man1/sonde.1.gz $(DESTDIR)$(MANDIR)/man7/sonde-tools.7.gz
	install -m 644 dist/sonde.bash-completion $(DESTDIR)$(COMPLETIONDIR)/sonde
	sed -e 's|@BINDIR@|$(BINDIR)|g' -e 's|@SYSCONFDIR@|$(SYSCONFDIR)|g' dist/sonde.service.in \
		>$(DESTDIR)$(UNITDIR)/sonde.service
	sed -e 's|@BINDIR@|$(BINDIR)|g' -e 's|@SYSCONFDIR@|$(SYSCONFDIR)|g' dist/sonde-profile.service.in \
		>$(DESTDIR)$(UNITDIR)/sonde-profile.service
	chmod 644 $(DESTDIR)$(UNITDIR)/sonde.service $(DESTDIR)$(UNITDIR)/sonde-profile.service
	install -d $(DESTDIR)$(SYSCONFDIR)/default
	install -m 644 dist/sonde-profile.default $(DESTDIR)$(SYSCONFDIR)/default/sonde-profile
	install -m 644 dist/serve.conf $(DESTDIR)$(SYSCONFDIR)/sonde/serve.conf
	install -m 644 docs/export.md $(DESTDIR)$(DOCDIR)/export.md

uninstall:
	rm -f $(DESTDIR)$(BINDIR)/sonde $(DESTDIR)$(MANDIR)/man1/sonde.1.gz \
		$(DESTDIR)$(MANDIR)/man7/sonde-tools.7.gz $(DESTDIR)$(COMPLETIONDIR)/sonde \
		$(DESTDIR)$(UNITDIR)/sonde.service $(DESTDIR)$(UNITDIR)/sonde-profile.service \
		$(DESTDIR)$(DOCDIR)/export.md
	@echo "kept $(DESTDIR)$(SYSCONFDIR)/sonde/serve.conf and $(DESTDIR)$(SYSCONFDIR)/default/sonde-profile (your settings)"

# The package: `make install` into a staging root with PREFIX=/usr, the
# binary stripped, the copyright and changelog where Debian wants them,
# the dependencies computed by dpkg-shlibdeps from the binary.
DEB_ROOT	:= $(BUILD)/deb/root
DEB_FILE	= $(BUILD)/sonde_$(DEB_VERSION)_$(DEB_ARCH).deb

deb: sonde
	rm -rf $(BUILD)/deb
	$(MAKE) --no-print-directory install PREFIX=/usr DESTDIR=$(CURDIR)/$(DEB_ROOT)
	strip --remove-section=.comment --remove-section=.note --strip-unneeded $(DEB_ROOT)/usr/bin/sonde
	install -m 644 dist/copyright $(DEB_ROOT)/usr/share/doc/sonde/copyright
	gzip -9n <dist/changelog >$(DEB_ROOT)/usr/share/doc/sonde/changelog.Debian.gz
	chmod 644 $(DEB_ROOT)/usr/share/doc/sonde/changelog.Debian.gz
	install -d $(DEB_ROOT)/DEBIAN $(BUILD)/deb/shlibs/debian
	printf 'Source: sonde\n\nPackage: sonde\nArchitecture: any\n' >$(BUILD)/deb/shlibs/debian/control
	# libdw, libssl and libcrypt are opened with dlopen() (sym/dwlazy.c,
	# export/tlslazy.c): dpkg-shlibdeps cannot see them
	cd $(BUILD)/deb/shlibs && dpkg-shlibdeps -O -e$(CURDIR)/$(DEB_ROOT)/usr/bin/sonde \
		| sed -n 's/^shlibs:Depends=//p' | sed 's/$$/, libdw1, libssl3, libcrypt1/' >../depends
	printf '/etc/default/sonde-profile\n/etc/sonde/serve.conf\n' >$(DEB_ROOT)/DEBIAN/conffiles
	cd $(DEB_ROOT) && find . -path ./DEBIAN -prune -o -type f -printf '%P\n' | sort | \
		xargs md5sum >DEBIAN/md5sums
	sed -e 's|@VERSION@|$(DEB_VERSION)|' -e 's|@ARCH@|$(DEB_ARCH)|' \
		-e "s|@SIZE@|$$(du -sk --exclude=DEBIAN $(DEB_ROOT) | cut -f1)|" \
		-e "s|@DEPENDS@|$$(cat $(BUILD)/deb/depends)|" dist/control.in >$(DEB_ROOT)/DEBIAN/control
	find $(DEB_ROOT) -type d -exec chmod 755 {} +
	dpkg-deb --root-owner-group -Zxz --build $(DEB_ROOT) $(DEB_FILE)
