# clerk-emulator as a service: one static musl binary and nothing else, so there is no base
# image to pull. The binary is built first, for each architecture, by the release workflow or
# by scripts/build-linux-dist:
#   dist/emulator/linux-amd64/clerk-emulator
#   dist/emulator/linux-arm64/clerk-emulator
#
#   docker build -t clerk-emulator .
#   docker run --rm -p 8787:8787 clerk-emulator            # then GET /emulator/v1/health
#   docker run --rm -p 8787:8787 clerk-emulator --rate-limit 100 --instance new_application
FROM scratch
ARG TARGETARCH=amd64
COPY dist/emulator/linux-${TARGETARCH}/clerk-emulator /clerk-emulator
COPY LICENSE /LICENSE
EXPOSE 8787
USER 65534:65534
ENTRYPOINT ["/clerk-emulator", "--host", "0.0.0.0", "--port", "8787"]
