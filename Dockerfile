# One image for the server (which also serves the built client) and for the Vite dev server.
# Node 22: Vite needs 20.19+ or 22.12+.
FROM node:22-bookworm-slim

WORKDIR /app
RUN chown node:node /app
USER node

# Manifests first, so `npm ci` stays cached until dependencies change.
COPY --chown=node:node package.json package-lock.json ./
COPY --chown=node:node shared/package.json shared/
COPY --chown=node:node server/package.json server/
COPY --chown=node:node client/package.json client/
COPY --chown=node:node e2e/package.json e2e/
RUN npm ci --no-audit --no-fund

COPY --chown=node:node . .
RUN npm run build -w client

EXPOSE 3000 5173
CMD ["npm", "run", "start", "-w", "server"]
