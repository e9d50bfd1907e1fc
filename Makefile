# sam build runs build-AuditFunction (template.yaml: Metadata BuildMethod makefile), in a copy of this
# directory, with ARTIFACTS_DIR set to where the function's code must end up.
# https://docs.aws.amazon.com/serverless-application-model/latest/developerguide/building-custom-runtimes.html
#
# It builds the lambda module alone (its parent pom is read from ../pom.xml; the CLI, the simulator and the
# tests are not built) and puts its one self-contained jar in lib/: Lambda's Java runtime loads classes from
# the package's root and every jar in lib/.
# https://docs.aws.amazon.com/lambda/latest/dg/java-package.html
# The tests are not run here: run `mvn -B verify` before `sam build`.

MVN ?= mvn
MVN_FLAGS ?= -B -q

.PHONY: build-AuditFunction
build-AuditFunction:
	$(if $(ARTIFACTS_DIR),,$(error ARTIFACTS_DIR is not set: sam build sets it, or run make ARTIFACTS_DIR=<dir> build-AuditFunction))
	$(MVN) $(MVN_FLAGS) -f lambda/pom.xml package -Dmaven.test.skip=true
	mkdir -p "$(ARTIFACTS_DIR)/lib"
	cp lambda/target/trail-auditor-lambda.jar "$(ARTIFACTS_DIR)/lib/"
