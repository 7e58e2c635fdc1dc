using Microsoft.EntityFrameworkCore.Infrastructure;
using Microsoft.EntityFrameworkCore.Migrations;

#nullable disable

namespace LlmIntercept.Store.Migrations.Sqlite
{
    /// <summary>
    /// Deleting a request also deletes its full-text entry, whoever deletes it (retention did so by hand; a person
    /// with sqlite3 did not, and search then counted requests that were gone). Entries left by such deletes are
    /// removed once here.
    /// </summary>
    [DbContext(typeof(InterceptDbContext))]
    [Migration("20261204070000_SearchIndexFollowsDeletes")]
    public partial class SearchIndexFollowsDeletes : Migration
    {
        /// <inheritdoc />
        protected override void Up(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.Sql(
                "CREATE TRIGGER llm_requests_fts_delete AFTER DELETE ON llm_requests BEGIN "
                + "DELETE FROM llm_requests_fts WHERE rowid = old.id; END;\n"
                + "DELETE FROM llm_requests_fts WHERE rowid NOT IN (SELECT id FROM llm_requests);");
        }

        /// <inheritdoc />
        protected override void Down(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.Sql("DROP TRIGGER IF EXISTS llm_requests_fts_delete;");
        }
    }
}
