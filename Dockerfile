# budgetlens container image: a static binary (templates, strings and the
# font are embedded) on an empty base, run as a non-root user.
#
#   docker build -t budgetlens .
#   docker run --rm -v $PWD/inbox:/data/inbox:ro -v $PWD/outputs:/data/outputs \
#     -v $PWD/config.toml:/data/config.toml:ro budgetlens run -config /data/config.toml
#
# The build stage uses the same flags as `make build` with CGO_ENABLED=0;
# cmd/budgetlens's TestStaticBinary builds that binary and runs it on the
# samples in `make test`.
FROM golang:1.26 AS build
WORKDIR /src
COPY go.mod go.sum ./
RUN go mod download
COPY . .
ARG VERSION=dev
RUN CGO_ENABLED=0 go build -trimpath -ldflags "-s -w -X main.version=${VERSION}" -o /out/budgetlens ./cmd/budgetlens \
 && mkdir -p /out/data/inbox /out/data/outputs

# Time zones for [company] timezone and the CA roots for SMTP over TLS
# and webhooks come from the build stage; the binary needs nothing else.
FROM scratch
COPY --from=build /usr/share/zoneinfo /usr/share/zoneinfo
COPY --from=build /etc/ssl/certs/ca-certificates.crt /etc/ssl/certs/
COPY --from=build /out/budgetlens /budgetlens
COPY --from=build --chown=65532:65532 /out/data /data
USER 65532:65532
WORKDIR /data
ENTRYPOINT ["/budgetlens"]
CMD ["run", "-config", "/data/config.toml"]
