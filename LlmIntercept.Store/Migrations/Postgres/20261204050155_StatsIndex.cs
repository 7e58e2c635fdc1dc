using Microsoft.EntityFrameworkCore.Migrations;

#nullable disable

namespace LlmIntercept.Store.Migrations.Postgres
{
    /// <inheritdoc />
    public partial class StatsIndex : Migration
    {
        /// <inheritdoc />
        protected override void Up(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.CreateIndex(
                name: "IX_llm_requests_stats",
                table: "llm_requests",
                columns: new[] { "timestamp", "model", "status", "outcome", "response_time_ms", "prompt_tokens", "completion_tokens", "stream", "has_tool_calls", "starred", "excluded", "tags" });
        }

        /// <inheritdoc />
        protected override void Down(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.DropIndex(
                name: "IX_llm_requests_stats",
                table: "llm_requests");
        }
    }
}
