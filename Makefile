# Skupaj: two commands do all the set-up on a fresh machine: `make run` and `make test`.
.PHONY: run build web test openapi bench fmt lint clean

CARGO ?= cargo
export SKUPAJ_ADDR ?= 127.0.0.1:8080

## run: build the SPA and the server (release), add demo data to an empty database, serve both on http://$(SKUPAJ_ADDR)
run: build
	./target/release/skupaj seed-demo --if-empty
	./target/release/skupaj serve

build: web
	$(CARGO) build --release --locked

web:
	scripts/web.sh build

## test: SPA checks and unit tests, Rust tests on SQLite and PostgreSQL, browser e2e, schemathesis
test:
	scripts/test.sh

## bench: print figures (not timed tests): reads as a share of the health rate (wrk, SQLite and PostgreSQL); resident memory at idle and after a read load; page 1 against page 1,000 of every list; the participant list with 10 000 people; a full-size ESCO import and autocomplete; interview answers and analysis; meeting registrations under 200 concurrent clients and the agenda with 10 000 meetings; the market catalogue with 50 000 listings (searches, filters, cursor pages) and orders from 200 concurrent buyers; matching (top 50 people for an opportunity over 100 000 people with 1 000 000 skill entries, and a person against 20 000 open opportunities, against a naive full scan)
bench:
	scripts/bench-reads.sh
	scripts/bench-memory.sh
	$(CARGO) bench --locked --bench lists
	$(CARGO) bench --locked --bench participants
	scripts/bench-with-pg.sh skills
	$(CARGO) bench --locked --bench interviews
	$(CARGO) bench --locked --bench meetings
	$(CARGO) bench --locked --bench market
	$(CARGO) bench --locked --bench matching

## openapi: regenerate openapi.yaml from the code and the SPA's typed client from it
openapi:
	$(CARGO) run --quiet --locked -- openapi > openapi.yaml
	scripts/web.sh deps
	cd web-frontend && npm run --silent gen:api

fmt:
	$(CARGO) fmt

lint:
	$(CARGO) fmt --check
	$(CARGO) clippy --locked --all-targets -- -D warnings
	scripts/web.sh deps
	cd web-frontend && npm run --silent typecheck

clean:
	rm -rf target web-frontend/dist web-frontend/node_modules .venv
