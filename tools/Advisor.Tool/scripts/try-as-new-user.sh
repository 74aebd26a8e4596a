#!/usr/bin/env bash
# Tries the advisor tool the way a new user would: pack it to a private feed, then, in an empty temporary folder
# far from this repository, create a fresh ASP.NET Core app with `dotnet new web`, install advisor as a local
# tool from the feed, and run it on the app: first as created, then after adding an endpoint that blocks, with a
# CI threshold and a dry-run fix.
#
# Usage: tools/Advisor.Tool/scripts/try-as-new-user.sh [--keep]
set -euo pipefail

repo="$(cd "$(dirname "$0")/../../.." && pwd)"
work="$(mktemp -d "${TMPDIR:-/tmp}/advisor-new-user.XXXXXX")"
keep=false
[ "${1:-}" = "--keep" ] && keep=true
cleanup() { if ! $keep; then rm -rf "$work"; else echo "kept $work"; fi; }
trap cleanup EXIT

export DOTNET_CLI_TELEMETRY_OPTOUT=1 DOTNET_NOLOGO=1 DOTNET_SKIP_FIRST_TIME_EXPERIENCE=1
# A unique pre-release version, so a package cached by an earlier run is never picked up.
suffix="newuser.$(date +%Y%m%d%H%M%S)"

step() { printf '\n==> %s\n' "$*"; }

step "Packing Advisor.Tool ($suffix) to a private feed"
dotnet pack "$repo/tools/Advisor.Tool/Advisor.Tool.csproj" -c Release -o "$work/feed" -p:VersionSuffix="$suffix" --nologo -v quiet
package="$(ls "$work/feed"/Advisor.Tool.*.nupkg)"
version="$(basename "$package" .nupkg)"; version="${version#Advisor.Tool.}"
echo "$(basename "$package") ($(du -h "$package" | cut -f1))"

step "A new user's folder: $work/app"
mkdir -p "$work/app" && cd "$work/app"
dotnet new web -o MyService -n MyService >/dev/null
dotnet new tool-manifest >/dev/null
dotnet tool install --local Advisor.Tool --version "$version" --add-source "$work/feed"

step "dotnet advisor MyService   (the app exactly as 'dotnet new web' created it)"
dotnet advisor MyService

step "Adding an endpoint that blocks on a task and calls a downstream service"
cat > MyService/Orders.cs <<'CS'
public static class Orders
{
    public static void MapOrders(this WebApplication app)
    {
        app.MapGet("/orders/{id}", async (int id, IHttpClientFactory factory) =>
        {
            var client = factory.CreateClient();
            var order = client.GetStringAsync($"https://orders.internal/{id}").Result;
            await Task.Delay(10);
            return Results.Text(order);
        });
    }
}
CS
sed -i 's|^app.Run();|app.MapOrders();\napp.Run();|' MyService/Program.cs
sed -i 's|^var app = builder.Build();|builder.Services.AddHttpClient();\nvar app = builder.Build();|' MyService/Program.cs

step "dotnet advisor MyService --fail-on warning   (as CI would run it)"
set +e
dotnet advisor MyService --fail-on warning
status=$?
set -e
echo "exit code: $status"
[ "$status" -eq 1 ] || { echo "expected exit code 1 from --fail-on warning" >&2; exit 1; }

step "dotnet advisor MyService --format markdown -o report.md"
dotnet advisor MyService --format markdown -o report.md -q
head -n 12 report.md

step "dotnet advisor MyService --fix --dry-run"
dotnet advisor MyService --fix --dry-run -q | sed -n '/^Fixes:/,$p'

step "dotnet advisor MyService --fix, then build and check again"
dotnet advisor MyService --fix -q | sed -n '/^Fixes:/,$p'
dotnet build MyService --nologo -v quiet 2>&1 | tail -n 3
set +e
dotnet advisor MyService --fail-on warning -q > after-fix.txt
status=$?
set -e
sed -n '/^Request entry points/,$p' after-fix.txt
echo "exit code: $status"
[ "$status" -eq 0 ] || { echo "expected exit code 0 after --fix" >&2; exit 1; }
