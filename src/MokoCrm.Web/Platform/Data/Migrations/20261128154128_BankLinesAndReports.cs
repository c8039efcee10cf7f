using System;
using Microsoft.EntityFrameworkCore.Migrations;

#nullable disable

namespace MokoCrm.Web.Platform.Data.Migrations
{
    /// <inheritdoc />
    public partial class BankLinesAndReports : Migration
    {
        /// <inheritdoc />
        protected override void Up(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.DropIndex(
                name: "ix_entry_lines_subledger_account_number",
                schema: "accounting",
                table: "entry_lines");

            migrationBuilder.CreateSequence(
                name: "bank_lines_hilo",
                schema: "accounting",
                incrementBy: 10);

            migrationBuilder.AddColumn<DateOnly>(
                name: "due_date",
                schema: "accounting",
                table: "entry_lines",
                type: "date",
                nullable: true);

            migrationBuilder.AddColumn<string>(
                name: "subledger_label",
                schema: "accounting",
                table: "entry_lines",
                type: "character varying(255)",
                maxLength: 255,
                nullable: true);

            migrationBuilder.AddColumn<decimal>(
                name: "vat_base",
                schema: "accounting",
                table: "entry_lines",
                type: "numeric(18,2)",
                precision: 18,
                scale: 2,
                nullable: true);

            migrationBuilder.AddColumn<decimal>(
                name: "vat_rate",
                schema: "accounting",
                table: "entry_lines",
                type: "numeric(7,4)",
                precision: 7,
                scale: 4,
                nullable: true);

            migrationBuilder.CreateTable(
                name: "bank_lines",
                schema: "accounting",
                columns: table => new
                {
                    id = table.Column<long>(type: "bigint", nullable: false),
                    bank_account_id = table.Column<long>(type: "bigint", nullable: false),
                    entry_id = table.Column<long>(type: "bigint", nullable: false),
                    entry_line_id = table.Column<long>(type: "bigint", nullable: false),
                    date = table.Column<DateOnly>(type: "date", nullable: false),
                    reference = table.Column<string>(type: "character varying(64)", maxLength: 64, nullable: true),
                    label = table.Column<string>(type: "character varying(255)", maxLength: 255, nullable: false),
                    amount = table.Column<decimal>(type: "numeric(18,2)", precision: 18, scale: 2, nullable: false),
                    statement_reference = table.Column<string>(type: "character varying(64)", maxLength: 64, nullable: true),
                    reconciled_at = table.Column<DateTimeOffset>(type: "timestamp with time zone", nullable: true),
                    reconciled_by_user_id = table.Column<long>(type: "bigint", nullable: true)
                },
                constraints: table =>
                {
                    table.PrimaryKey("pk_bank_lines", x => x.id);
                    table.ForeignKey(
                        name: "fk_bank_lines_bank_account_bank_account_id",
                        column: x => x.bank_account_id,
                        principalSchema: "platform",
                        principalTable: "bank_accounts",
                        principalColumn: "id",
                        onDelete: ReferentialAction.Restrict);
                    table.ForeignKey(
                        name: "fk_bank_lines_journal_entry_entry_id",
                        column: x => x.entry_id,
                        principalSchema: "accounting",
                        principalTable: "entries",
                        principalColumn: "id",
                        onDelete: ReferentialAction.Restrict);
                    table.ForeignKey(
                        name: "fk_bank_lines_journal_entry_line_entry_line_id",
                        column: x => x.entry_line_id,
                        principalSchema: "accounting",
                        principalTable: "entry_lines",
                        principalColumn: "id",
                        onDelete: ReferentialAction.Restrict);
                });

            migrationBuilder.CreateTable(
                name: "subledger_period_balances",
                schema: "accounting",
                columns: table => new
                {
                    account_number = table.Column<string>(type: "character varying(20)", maxLength: 20, nullable: false),
                    subledger = table.Column<string>(type: "character varying(64)", maxLength: 64, nullable: false),
                    period_start = table.Column<DateOnly>(type: "date", nullable: false),
                    debit = table.Column<decimal>(type: "numeric(18,2)", precision: 18, scale: 2, nullable: false),
                    credit = table.Column<decimal>(type: "numeric(18,2)", precision: 18, scale: 2, nullable: false),
                    label = table.Column<string>(type: "character varying(255)", maxLength: 255, nullable: true)
                },
                constraints: table =>
                {
                    table.PrimaryKey("pk_subledger_period_balances", x => new { x.account_number, x.subledger, x.period_start });
                });

            migrationBuilder.CreateIndex(
                name: "ix_entry_lines_subledger_account_number_entry_date_id",
                schema: "accounting",
                table: "entry_lines",
                columns: new[] { "subledger", "account_number", "entry_date", "id" },
                filter: "subledger IS NOT NULL")
                .Annotation("Npgsql:IndexInclude", new[] { "debit", "credit", "due_date" });

            migrationBuilder.CreateIndex(
                name: "ix_bank_lines_bank_account_id_date_id",
                schema: "accounting",
                table: "bank_lines",
                columns: new[] { "bank_account_id", "date", "id" })
                .Annotation("Npgsql:IndexInclude", new[] { "amount" });

            migrationBuilder.CreateIndex(
                name: "ix_bank_lines_bank_account_id_statement_reference",
                schema: "accounting",
                table: "bank_lines",
                columns: new[] { "bank_account_id", "statement_reference" });

            migrationBuilder.CreateIndex(
                name: "ix_bank_lines_entry_id",
                schema: "accounting",
                table: "bank_lines",
                column: "entry_id");

            migrationBuilder.CreateIndex(
                name: "ix_bank_lines_entry_line_id",
                schema: "accounting",
                table: "bank_lines",
                column: "entry_line_id",
                unique: true);

            // Hand edit (re-apply when regenerating): the subledger balances of the lines posted before this migration.
            migrationBuilder.Sql("""
                INSERT INTO accounting.subledger_period_balances (account_number, subledger, period_start, debit, credit, label)
                SELECT account_number, subledger, date_trunc('month', entry_date)::date, sum(debit), sum(credit), NULL
                FROM accounting.entry_lines WHERE subledger IS NOT NULL GROUP BY 1, 2, 3;
                """);
        }

        /// <inheritdoc />
        protected override void Down(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.DropTable(
                name: "bank_lines",
                schema: "accounting");

            migrationBuilder.DropTable(
                name: "subledger_period_balances",
                schema: "accounting");

            migrationBuilder.DropIndex(
                name: "ix_entry_lines_subledger_account_number_entry_date_id",
                schema: "accounting",
                table: "entry_lines");

            migrationBuilder.DropColumn(
                name: "due_date",
                schema: "accounting",
                table: "entry_lines");

            migrationBuilder.DropColumn(
                name: "subledger_label",
                schema: "accounting",
                table: "entry_lines");

            migrationBuilder.DropColumn(
                name: "vat_base",
                schema: "accounting",
                table: "entry_lines");

            migrationBuilder.DropColumn(
                name: "vat_rate",
                schema: "accounting",
                table: "entry_lines");

            migrationBuilder.DropSequence(
                name: "bank_lines_hilo",
                schema: "accounting");

            migrationBuilder.CreateIndex(
                name: "ix_entry_lines_subledger_account_number",
                schema: "accounting",
                table: "entry_lines",
                columns: new[] { "subledger", "account_number" },
                filter: "subledger IS NOT NULL");
        }
    }
}
