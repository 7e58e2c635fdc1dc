using LlmIntercept.Store.Rollup;
using Microsoft.EntityFrameworkCore.Infrastructure;
using Microsoft.EntityFrameworkCore.Migrations;

#nullable disable

namespace LlmIntercept.Store.Migrations.Sqlite
{
    /// <summary>
    /// Adds <see cref="StatsRollup"/>: the hourly and daily tables, the triggers that keep them, and their rows for
    /// what is already stored (a grouped pass each; about 20 s for a million requests). Not part of the EF model:
    /// nothing maps them, so the model snapshot is unchanged.
    /// </summary>
    [DbContext(typeof(InterceptDbContext))]
    [Migration("20261204060000_StatsRollup")]
    public partial class StatsRollupTables : Migration
    {
        /// <inheritdoc />
        protected override void Up(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.Sql(StatsRollup.CreateSql());
        }

        /// <inheritdoc />
        protected override void Down(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.Sql(StatsRollup.DropSql());
        }
    }
}
