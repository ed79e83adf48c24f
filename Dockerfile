# syntax=docker/dockerfile:1
# Multi-stage: build the shaded server jar with Maven, run it on a JRE as a non-root user.

FROM maven:3.9-eclipse-temurin-17 AS build
WORKDIR /src
# poms first, so the dependency layer is cached while only sources change
COPY pom.xml .
COPY lcscanner-core/pom.xml lcscanner-core/
COPY lcscanner-polygon/pom.xml lcscanner-polygon/
COPY lcscanner-server/pom.xml lcscanner-server/
COPY lcscanner-bench/pom.xml lcscanner-bench/
RUN mvn -B -q -pl lcscanner-server -am dependency:go-offline -DexcludeReactor=true || true
COPY . .
# tests need ../shared (golden data), which is not in the image's context: CI runs them
RUN mvn -B -q -pl lcscanner-server -am package -DskipTests

FROM eclipse-temurin:17-jre
RUN groupadd --system scanner && useradd --system --gid scanner --home-dir /app --shell /usr/sbin/nologin scanner \
    && mkdir -p /app /data/scan_results /data/scanners /data/logs && chown -R scanner:scanner /app /data
WORKDIR /app
COPY --from=build /src/lcscanner-server/target/lcscanner-server.jar /app/lcscanner-server.jar
ENV SCANNER_HOST=0.0.0.0 \
    SCANNER_PORT=8000 \
    SCANNER_RESULTS_DIR=/data/scan_results \
    SCANNER_SCANNERS_DIR=/data/scanners \
    SCANNER_LOG_DIR=/data/logs \
    JAVA_OPTS="-XX:MaxRAMPercentage=75"
# with SCANNER_DATABASE_URL (docker-compose's production profile) scans and scanner documents live in PostgreSQL
# and the two data volumes stay empty; logs are still files
VOLUME ["/data/scan_results", "/data/scanners", "/data/logs"]
EXPOSE 8000
USER scanner
HEALTHCHECK --interval=30s --timeout=5s --start-period=20s --retries=3 \
    CMD bash -c 'exec 3<>/dev/tcp/127.0.0.1/${SCANNER_PORT} && printf "GET /api/health HTTP/1.0\r\n\r\n" >&3 && grep -q "\"status\":\"ok\"" <&3'
# exec form through sh -c with exec: java becomes PID 1 and gets SIGTERM, so the shutdown hook runs
ENTRYPOINT ["sh", "-c", "exec java $JAVA_OPTS -jar /app/lcscanner-server.jar serve \"$@\"", "lcscanner"]
CMD []
