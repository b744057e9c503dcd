# Image of one llmq service, chosen by the build arg MODULE (the service's Maven module):
#
#   MODULE              main class                         what it serves
#   api-submitter       io.llmq.submitter.SubmitterMain    HTTP API, /health, /metrics on $LLMQ_HTTP_PORT (8080)
#   worker              io.llmq.worker.WorkerMain          job consumer; /health, /metrics on $LLMQ_WORKER_HTTP_PORT (8081)
#   provider-simulator  io.llmq.simulator.SimulatorMain    OpenAI-compatible fake provider, /health on $LLMQ_SIM_PORT (8090)
#
# The build context is the repository root, so that Maven sees the whole reactor:
#
#   docker build --build-arg MODULE=worker -t llmq/worker:local .
#
# docker-compose.yml at the root builds the three images this way. Maven runs inside the build
# stage; the host needs neither a JDK nor Maven. See docs/docker-compose.md. A MODULE that is not
# one of the three fails at `FROM module-${MODULE}` below (no such stage, and no such image).

ARG MODULE

# ---- build stage ------------------------------------------------------------------------------
# It does not depend on MODULE: it builds the modules of all three images, so the three builds
# share it (compose runs Maven once) and each image takes its own jar from it.
FROM maven:3.9-eclipse-temurin-21 AS build
WORKDIR /src
ENV IMAGE_MODULES=api-submitter,worker,provider-simulator
# Both Maven runs use /m2 as the local repository: no dependence on how the base image treats
# /root/.m2.

# 1. The POMs alone, and a build of the modules from them: that fetches every dependency and
#    plugin the real build needs into /m2, in a layer that stays cached until a POM changes.
#    Every module listed in the parent POM must be copied here, or Maven cannot load the reactor
#    (ComposeFileTest checks this). A failure here only costs the cache: step 2 fetches the rest.
COPY pom.xml ./
COPY schema/pom.xml schema/
COPY provider-simulator/pom.xml provider-simulator/
COPY api-submitter/pom.xml api-submitter/
COPY cli/pom.xml cli/
COPY worker/pom.xml worker/
COPY standalone/pom.xml standalone/
COPY bench/pom.xml bench/
RUN mvn -B -ntp -Dmaven.repo.local=/m2 -DskipTests -pl "$IMAGE_MODULES" -am package \
    || echo "dependency warm-up failed; the build below fetches what it needs"; \
    rm -rf target */target

# 2. The sources (.dockerignore keeps target/, .git and data out), and the real build.
COPY . .
RUN mvn -B -ntp -Dmaven.repo.local=/m2 -DskipTests -pl "$IMAGE_MODULES" -am package

# ---- runtime base -----------------------------------------------------------------------------
# Ubuntu-based JRE image; it ships curl, which the HEALTHCHECK below uses.
FROM eclipse-temurin:21-jre AS runtime
RUN groupadd --system --gid 10001 llmq \
 && useradd --system --uid 10001 --gid llmq --home-dir /app --no-create-home --shell /usr/sbin/nologin llmq
WORKDIR /app
# one JSON object per log line; LLMQ_LOG_FORMAT=text for reading by eye (docs/operations.md)
ENV LLMQ_LOG_FORMAT=json
# The JVM's flags (the entrypoint passes them); extra ones: JAVA_TOOL_OPTIONS.
ENV LLMQ_JVM_FLAGS=-XX:MaxRAMPercentage=75

# ---- what differs by module -------------------------------------------------------------------
# Each module reads its own port variable; LLMQ_PORT_VARIABLE names it for the HEALTHCHECK, so the
# check follows a port set at run time.
FROM runtime AS module-api-submitter
ENV LLMQ_HTTP_PORT=8080 LLMQ_PORT_VARIABLE=LLMQ_HTTP_PORT
EXPOSE 8080

FROM runtime AS module-worker
ENV LLMQ_WORKER_HTTP_PORT=8081 LLMQ_PORT_VARIABLE=LLMQ_WORKER_HTTP_PORT
EXPOSE 8081
# C1 only (TieredStopAtLevel=1): on a node of one or two cores the C2 compiler spends more CPU than
# it saves for many minutes (docs/operations.md, "JVM"); on big nodes where workers run for hours,
# set LLMQ_JVM_FLAGS=-XX:MaxRAMPercentage=75 to get C2 back.
ENV LLMQ_JVM_FLAGS="-XX:MaxRAMPercentage=75 -XX:TieredStopAtLevel=1"

FROM runtime AS module-provider-simulator
ENV LLMQ_SIM_PORT=8090 LLMQ_PORT_VARIABLE=LLMQ_SIM_PORT
EXPOSE 8090

# ---- the image --------------------------------------------------------------------------------
FROM module-${MODULE}
ARG MODULE
ENV LLMQ_MODULE=${MODULE}
LABEL org.opencontainers.image.title="llmq-${MODULE}"
# The jar's manifest has Main-Class and Class-Path: lib/..., so the two must sit side by side.
COPY --from=build /src/${MODULE}/target/lib/ /app/lib/
COPY --from=build /src/${MODULE}/target/llmq-${MODULE}.jar /app/llmq-${MODULE}.jar
USER 10001:10001
HEALTHCHECK --interval=10s --timeout=5s --start-period=60s --retries=6 \
    CMD curl -fsS -o /dev/null "http://localhost:$(printenv "$LLMQ_PORT_VARIABLE")/health" || exit 1
# `exec`: the JVM replaces the shell and runs as PID 1, handling SIGTERM itself (workers drain).
# The shell only expands LLMQ_JVM_FLAGS (word by word) and the jar's name; "$@" passes any
# arguments of the container's command on to the service.
ENTRYPOINT ["/bin/sh", "-c", "exec java $LLMQ_JVM_FLAGS -jar \"/app/llmq-$LLMQ_MODULE.jar\" \"$@\"", "llmq"]
