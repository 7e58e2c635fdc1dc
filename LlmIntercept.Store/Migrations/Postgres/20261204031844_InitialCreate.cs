using System;
using Microsoft.EntityFrameworkCore.Migrations;
using Npgsql.EntityFrameworkCore.PostgreSQL.Metadata;

#nullable disable

namespace LlmIntercept.Store.Migrations.Postgres
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
                    key = table.Column<string>(type: "text", nullable: false),
                    value = table.Column<string>(type: "text", nullable: false)
                },
                constraints: table =>
                {
                    table.PrimaryKey("PK_intercept_settings", x => x.key);
                });

            migrationBuilder.CreateTable(
                name: "llm_requests",
                columns: table => new
                {
                    id = table.Column<long>(type: "bigint", nullable: false)
                        .Annotation("Npgsql:ValueGenerationStrategy", NpgsqlValueGenerationStrategy.IdentityByDefaultColumn),
                    timestamp = table.Column<DateTime>(type: "timestamp with time zone", nullable: false),
                    model = table.Column<string>(type: "character varying(256)", maxLength: 256, nullable: true),
                    api_key_hash = table.Column<string>(type: "text", nullable: true),
                    temperature = table.Column<double>(type: "double precision", nullable: true),
                    max_tokens = table.Column<int>(type: "integer", nullable: true),
                    top_p = table.Column<double>(type: "double precision", nullable: true),
                    frequency_penalty = table.Column<double>(type: "double precision", nullable: true),
                    presence_penalty = table.Column<double>(type: "double precision", nullable: true),
                    stream = table.Column<bool>(type: "boolean", nullable: false),
                    messages = table.Column<string>(type: "jsonb", nullable: true),
                    functions = table.Column<string>(type: "jsonb", nullable: true),
                    function_call = table.Column<string>(type: "jsonb", nullable: true),
                    tools = table.Column<string>(type: "jsonb", nullable: true),
                    tool_choice = table.Column<string>(type: "jsonb", nullable: true),
                    response = table.Column<string>(type: "text", nullable: true),
                    response_time_ms = table.Column<double>(type: "double precision", nullable: false),
                    tool_calls = table.Column<string>(type: "jsonb", nullable: true),
                    status = table.Column<string>(type: "character varying(16)", maxLength: 16, nullable: false),
                    status_code = table.Column<int>(type: "integer", nullable: true),
                    error = table.Column<string>(type: "jsonb", nullable: true),
                    request_body = table.Column<string>(type: "text", nullable: true),
                    response_body = table.Column<string>(type: "text", nullable: true),
                    choices = table.Column<string>(type: "jsonb", nullable: true),
                    finish_reason = table.Column<string>(type: "text", nullable: true),
                    reasoning = table.Column<string>(type: "text", nullable: true),
                    reasoning_field = table.Column<string>(type: "text", nullable: true),
                    outcome = table.Column<string>(type: "character varying(32)", maxLength: 32, nullable: false),
                    usage = table.Column<string>(type: "jsonb", nullable: true),
                    prompt_tokens = table.Column<int>(type: "integer", nullable: true),
                    completion_tokens = table.Column<int>(type: "integer", nullable: true),
                    total_tokens = table.Column<int>(type: "integer", nullable: true),
                    time_to_first_byte_ms = table.Column<double>(type: "double precision", nullable: true),
                    response_id = table.Column<string>(type: "text", nullable: true),
                    response_model = table.Column<string>(type: "text", nullable: true),
                    done_received = table.Column<bool>(type: "boolean", nullable: true),
                    keep_alive_count = table.Column<int>(type: "integer", nullable: false),
                    stream_metadata = table.Column<string>(type: "jsonb", nullable: true),
                    response_headers = table.Column<string>(type: "jsonb", nullable: true),
                    has_tool_calls = table.Column<bool>(type: "boolean", nullable: false),
                    tool_arguments_valid = table.Column<bool>(type: "boolean", nullable: false),
                    capture_truncated = table.Column<bool>(type: "boolean", nullable: false),
                    upstream_url = table.Column<string>(type: "text", nullable: true),
                    tags = table.Column<string>(type: "text", nullable: false),
                    session_id = table.Column<string>(type: "text", nullable: true),
                    excluded = table.Column<bool>(type: "boolean", nullable: false),
                    starred = table.Column<bool>(type: "boolean", nullable: false)
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

            // Full-text index over message text, apart from the wide rows as on SQLite (llm_requests_fts): one
            // tsvector per request, written with it in the same transaction, found through a GIN index.
            migrationBuilder.Sql(
                "CREATE TABLE llm_requests_search (id bigint PRIMARY KEY REFERENCES llm_requests (id) ON DELETE CASCADE, "
                + "document tsvector NOT NULL);");
            migrationBuilder.Sql("CREATE INDEX ix_llm_requests_search_document ON llm_requests_search USING GIN (document);");
        }

        /// <inheritdoc />
        protected override void Down(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.Sql("DROP TABLE IF EXISTS llm_requests_search;");

            migrationBuilder.DropTable(
                name: "intercept_settings");

            migrationBuilder.DropTable(
                name: "llm_requests");
        }
    }
}
