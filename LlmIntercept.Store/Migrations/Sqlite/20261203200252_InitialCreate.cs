using System;
using Microsoft.EntityFrameworkCore.Migrations;

#nullable disable

namespace LlmIntercept.Store.Migrations.Sqlite
{
    /// <inheritdoc />
    public partial class InitialCreate : Migration
    {
        /// <inheritdoc />
        protected override void Up(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.CreateTable(
                name: "intercept_settings",
                columns: table => new
                {
                    key = table.Column<string>(type: "TEXT", nullable: false),
                    value = table.Column<string>(type: "TEXT", nullable: false)
                },
                constraints: table =>
                {
                    table.PrimaryKey("PK_intercept_settings", x => x.key);
                });

            migrationBuilder.CreateTable(
                name: "llm_requests",
                columns: table => new
                {
                    id = table.Column<long>(type: "INTEGER", nullable: false)
                        .Annotation("Sqlite:Autoincrement", true),
                    timestamp = table.Column<DateTime>(type: "TEXT", nullable: false),
                    model = table.Column<string>(type: "TEXT", maxLength: 256, nullable: true),
                    api_key_hash = table.Column<string>(type: "TEXT", nullable: true),
                    temperature = table.Column<double>(type: "REAL", nullable: true),
                    max_tokens = table.Column<int>(type: "INTEGER", nullable: true),
                    top_p = table.Column<double>(type: "REAL", nullable: true),
                    frequency_penalty = table.Column<double>(type: "REAL", nullable: true),
                    presence_penalty = table.Column<double>(type: "REAL", nullable: true),
                    stream = table.Column<bool>(type: "INTEGER", nullable: false),
                    messages = table.Column<string>(type: "TEXT", nullable: true),
                    functions = table.Column<string>(type: "TEXT", nullable: true),
                    function_call = table.Column<string>(type: "TEXT", nullable: true),
                    tools = table.Column<string>(type: "TEXT", nullable: true),
                    tool_choice = table.Column<string>(type: "TEXT", nullable: true),
                    response = table.Column<string>(type: "TEXT", nullable: true),
                    response_time_ms = table.Column<double>(type: "REAL", nullable: false),
                    tool_calls = table.Column<string>(type: "TEXT", nullable: true),
                    status = table.Column<string>(type: "TEXT", maxLength: 16, nullable: false),
                    status_code = table.Column<int>(type: "INTEGER", nullable: true),
                    error = table.Column<string>(type: "TEXT", nullable: true),
                    request_body = table.Column<string>(type: "TEXT", nullable: true),
                    response_body = table.Column<string>(type: "TEXT", nullable: true),
                    choices = table.Column<string>(type: "TEXT", nullable: true),
                    finish_reason = table.Column<string>(type: "TEXT", nullable: true),
                    reasoning = table.Column<string>(type: "TEXT", nullable: true),
                    reasoning_field = table.Column<string>(type: "TEXT", nullable: true),
                    outcome = table.Column<string>(type: "TEXT", maxLength: 32, nullable: false),
                    usage = table.Column<string>(type: "TEXT", nullable: true),
                    prompt_tokens = table.Column<int>(type: "INTEGER", nullable: true),
                    completion_tokens = table.Column<int>(type: "INTEGER", nullable: true),
                    total_tokens = table.Column<int>(type: "INTEGER", nullable: true),
                    time_to_first_byte_ms = table.Column<double>(type: "REAL", nullable: true),
                    response_id = table.Column<string>(type: "TEXT", nullable: true),
                    response_model = table.Column<string>(type: "TEXT", nullable: true),
                    done_received = table.Column<bool>(type: "INTEGER", nullable: true),
                    keep_alive_count = table.Column<int>(type: "INTEGER", nullable: false),
                    stream_metadata = table.Column<string>(type: "TEXT", nullable: true),
                    response_headers = table.Column<string>(type: "TEXT", nullable: true),
                    has_tool_calls = table.Column<bool>(type: "INTEGER", nullable: false),
                    tool_arguments_valid = table.Column<bool>(type: "INTEGER", nullable: false),
                    capture_truncated = table.Column<bool>(type: "INTEGER", nullable: false),
                    upstream_url = table.Column<string>(type: "TEXT", nullable: true),
                    tags = table.Column<string>(type: "TEXT", nullable: false),
                    session_id = table.Column<string>(type: "TEXT", nullable: true),
                    excluded = table.Column<bool>(type: "INTEGER", nullable: false),
                    starred = table.Column<bool>(type: "INTEGER", nullable: false)
                },
                constraints: table =>
                {
                    table.PrimaryKey("PK_llm_requests", x => x.id);
                });

            migrationBuilder.CreateIndex(
                name: "IX_llm_requests_api_key_hash",
                table: "llm_requests",
                column: "api_key_hash");

            migrationBuilder.CreateIndex(
                name: "IX_llm_requests_model_timestamp",
                table: "llm_requests",
                columns: new[] { "model", "timestamp" });

            migrationBuilder.CreateIndex(
                name: "IX_llm_requests_outcome_timestamp",
                table: "llm_requests",
                columns: new[] { "outcome", "timestamp" });

            migrationBuilder.CreateIndex(
                name: "IX_llm_requests_timestamp",
                table: "llm_requests",
                column: "timestamp");

            // Full-text index over message text. Contentless: it stores no second copy of the text, only the
            // index, and rows are removed by rowid (contentless_delete) when requests are pruned.
            migrationBuilder.Sql(
                "CREATE VIRTUAL TABLE llm_requests_fts USING fts5(body, content='', contentless_delete=1, "
                + "tokenize='unicode61 remove_diacritics 2');");
        }

        /// <inheritdoc />
        protected override void Down(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.Sql("DROP TABLE IF EXISTS llm_requests_fts;");

            migrationBuilder.DropTable(
                name: "intercept_settings");

            migrationBuilder.DropTable(
                name: "llm_requests");
        }
    }
}
