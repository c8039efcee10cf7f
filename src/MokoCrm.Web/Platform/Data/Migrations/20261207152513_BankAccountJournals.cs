using Microsoft.EntityFrameworkCore.Migrations;

#nullable disable

namespace MokoCrm.Web.Platform.Data.Migrations
{
    /// <inheritdoc />
    public partial class BankAccountJournals : Migration
    {
        /// <inheritdoc />
        protected override void Up(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.AddColumn<string>(
                name: "journal_code",
                schema: "platform",
                table: "bank_accounts",
                type: "character varying(10)",
                maxLength: 10,
                nullable: false,
                defaultValue: "BQ");

            // Each existing bank account gets its own journal: the oldest keeps BQ (its payments are there already),
            // the others BQ2, BQ3 ... in creation order; Accounting opens each journal at its first posting.
            migrationBuilder.Sql("""
                UPDATE platform.bank_accounts b SET journal_code = CASE WHEN n.rank = 1 THEN 'BQ' ELSE 'BQ' || n.rank END
                FROM (SELECT id, row_number() OVER (ORDER BY id) AS rank FROM platform.bank_accounts) n
                WHERE n.id = b.id;
                """);
        }

        /// <inheritdoc />
        protected override void Down(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.DropColumn(
                name: "journal_code",
                schema: "platform",
                table: "bank_accounts");
        }
    }
}
