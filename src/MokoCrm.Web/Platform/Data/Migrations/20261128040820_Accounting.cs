using System;
using Microsoft.EntityFrameworkCore.Migrations;

#nullable disable

namespace MokoCrm.Web.Platform.Data.Migrations
{
    /// <inheritdoc />
    public partial class Accounting : Migration
    {
        /// <inheritdoc />
        protected override void Up(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.EnsureSchema(
                name: "accounting");

            migrationBuilder.EnsureSchema(
                name: "hr");

            migrationBuilder.CreateSequence(
                name: "accounts_hilo",
                schema: "accounting",
                incrementBy: 10);

            migrationBuilder.CreateSequence(
                name: "default_accounts_hilo",
                schema: "accounting",
                incrementBy: 10);

            migrationBuilder.CreateSequence(
                name: "entries_hilo",
                schema: "accounting",
                incrementBy: 10);

            migrationBuilder.CreateSequence(
                name: "entry_lines_hilo",
                schema: "accounting",
                incrementBy: 10);

            migrationBuilder.CreateSequence(
                name: "expense_report_lines_hilo",
                schema: "hr",
                incrementBy: 10);

            migrationBuilder.CreateSequence(
                name: "expense_reports_hilo",
                schema: "hr",
                incrementBy: 10);

            migrationBuilder.CreateSequence(
                name: "journals_hilo",
                schema: "accounting",
                incrementBy: 10);

            migrationBuilder.CreateSequence(
                name: "manual_entries_hilo",
                schema: "accounting",
                incrementBy: 10);

            migrationBuilder.CreateSequence(
                name: "salaries_hilo",
                schema: "hr",
                incrementBy: 10);

            migrationBuilder.CreateTable(
                name: "account_period_balances",
                schema: "accounting",
                columns: table => new
                {
                    account_number = table.Column<string>(type: "character varying(20)", maxLength: 20, nullable: false),
                    period_start = table.Column<DateOnly>(type: "date", nullable: false),
                    debit = table.Column<decimal>(type: "numeric(18,2)", precision: 18, scale: 2, nullable: false),
                    credit = table.Column<decimal>(type: "numeric(18,2)", precision: 18, scale: 2, nullable: false)
                },
                constraints: table =>
                {
                    table.PrimaryKey("pk_account_period_balances", x => new { x.account_number, x.period_start });
                });

            migrationBuilder.CreateTable(
                name: "accounts",
                schema: "accounting",
                columns: table => new
                {
                    id = table.Column<long>(type: "bigint", nullable: false),
                    number = table.Column<string>(type: "character varying(20)", maxLength: 20, nullable: false),
                    label = table.Column<string>(type: "character varying(255)", maxLength: 255, nullable: false),
                    type = table.Column<string>(type: "character varying(20)", maxLength: 20, nullable: false),
                    parent_number = table.Column<string>(type: "character varying(20)", maxLength: 20, nullable: true),
                    enabled = table.Column<bool>(type: "boolean", nullable: false)
                },
                constraints: table =>
                {
                    table.PrimaryKey("pk_accounts", x => x.id);
                });

            migrationBuilder.CreateTable(
                name: "default_accounts",
                schema: "accounting",
                columns: table => new
                {
                    id = table.Column<long>(type: "bigint", nullable: false),
                    key = table.Column<string>(type: "character varying(50)", maxLength: 50, nullable: false),
                    account_number = table.Column<string>(type: "character varying(20)", maxLength: 20, nullable: false)
                },
                constraints: table =>
                {
                    table.PrimaryKey("pk_default_accounts", x => x.id);
                });

            migrationBuilder.CreateTable(
                name: "expense_reports",
                schema: "hr",
                columns: table => new
                {
                    id = table.Column<long>(type: "bigint", nullable: false),
                    reference = table.Column<string>(type: "character varying(30)", maxLength: 30, nullable: true),
                    author_user_id = table.Column<long>(type: "bigint", nullable: false),
                    employee_user_id = table.Column<long>(type: "bigint", nullable: false),
                    employee_name = table.Column<string>(type: "character varying(255)", maxLength: 255, nullable: false),
                    employee_code = table.Column<string>(type: "character varying(64)", maxLength: 64, nullable: false),
                    period_start = table.Column<DateOnly>(type: "date", nullable: false),
                    period_end = table.Column<DateOnly>(type: "date", nullable: false),
                    status = table.Column<string>(type: "character varying(10)", maxLength: 10, nullable: false),
                    approved_by_user_id = table.Column<long>(type: "bigint", nullable: true),
                    approved_on = table.Column<DateOnly>(type: "date", nullable: true),
                    refusal_reason = table.Column<string>(type: "character varying(500)", maxLength: 500, nullable: true),
                    paid_on = table.Column<DateOnly>(type: "date", nullable: true),
                    bank_account_id = table.Column<long>(type: "bigint", nullable: true)
                },
                constraints: table =>
                {
                    table.PrimaryKey("pk_expense_reports", x => x.id);
                });

            migrationBuilder.CreateTable(
                name: "journals",
                schema: "accounting",
                columns: table => new
                {
                    id = table.Column<long>(type: "bigint", nullable: false),
                    code = table.Column<string>(type: "character varying(10)", maxLength: 10, nullable: false),
                    label = table.Column<string>(type: "character varying(100)", maxLength: 100, nullable: false),
                    last_sequence = table.Column<long>(type: "bigint", nullable: false),
                    last_hash = table.Column<string>(type: "character varying(64)", maxLength: 64, nullable: false)
                },
                constraints: table =>
                {
                    table.PrimaryKey("pk_journals", x => x.id);
                    table.UniqueConstraint("ak_journals_code", x => x.code);
                });

            migrationBuilder.CreateTable(
                name: "manual_entries",
                schema: "accounting",
                columns: table => new
                {
                    id = table.Column<long>(type: "bigint", nullable: false),
                    label = table.Column<string>(type: "character varying(255)", maxLength: 255, nullable: false),
                    reason = table.Column<string>(type: "character varying(500)", maxLength: 500, nullable: false)
                },
                constraints: table =>
                {
                    table.PrimaryKey("pk_manual_entries", x => x.id);
                });

            migrationBuilder.CreateTable(
                name: "salaries",
                schema: "hr",
                columns: table => new
                {
                    id = table.Column<long>(type: "bigint", nullable: false),
                    employee_user_id = table.Column<long>(type: "bigint", nullable: false),
                    employee_name = table.Column<string>(type: "character varying(255)", maxLength: 255, nullable: false),
                    employee_code = table.Column<string>(type: "character varying(64)", maxLength: 64, nullable: false),
                    period_start = table.Column<DateOnly>(type: "date", nullable: false),
                    period_end = table.Column<DateOnly>(type: "date", nullable: false),
                    label = table.Column<string>(type: "character varying(255)", maxLength: 255, nullable: false),
                    gross = table.Column<decimal>(type: "numeric(18,2)", precision: 18, scale: 2, nullable: false),
                    net_to_pay = table.Column<decimal>(type: "numeric(18,2)", precision: 18, scale: 2, nullable: false),
                    status = table.Column<string>(type: "character varying(10)", maxLength: 10, nullable: false),
                    paid_on = table.Column<DateOnly>(type: "date", nullable: true),
                    bank_account_id = table.Column<long>(type: "bigint", nullable: true),
                    recorded = table.Column<bool>(type: "boolean", nullable: false)
                },
                constraints: table =>
                {
                    table.PrimaryKey("pk_salaries", x => x.id);
                });

            migrationBuilder.CreateTable(
                name: "expense_report_lines",
                schema: "hr",
                columns: table => new
                {
                    id = table.Column<long>(type: "bigint", nullable: false),
                    expense_report_id = table.Column<long>(type: "bigint", nullable: false),
                    line_number = table.Column<int>(type: "integer", nullable: false),
                    date = table.Column<DateOnly>(type: "date", nullable: false),
                    fee_type = table.Column<string>(type: "character varying(20)", maxLength: 20, nullable: false),
                    account = table.Column<string>(type: "character varying(20)", maxLength: 20, nullable: false),
                    label = table.Column<string>(type: "character varying(255)", maxLength: 255, nullable: false),
                    amount_excl_tax = table.Column<decimal>(type: "numeric(18,2)", precision: 18, scale: 2, nullable: false),
                    vat_rate = table.Column<decimal>(type: "numeric(18,5)", precision: 18, scale: 5, nullable: false),
                    vat_amount = table.Column<decimal>(type: "numeric(18,2)", precision: 18, scale: 2, nullable: false)
                },
                constraints: table =>
                {
                    table.PrimaryKey("pk_expense_report_lines", x => x.id);
                    table.ForeignKey(
                        name: "fk_expense_report_lines_expense_reports_expense_report_id",
                        column: x => x.expense_report_id,
                        principalSchema: "hr",
                        principalTable: "expense_reports",
                        principalColumn: "id",
                        onDelete: ReferentialAction.Cascade);
                });

            migrationBuilder.CreateTable(
                name: "entries",
                schema: "accounting",
                columns: table => new
                {
                    id = table.Column<long>(type: "bigint", nullable: false),
                    journal_code = table.Column<string>(type: "character varying(10)", maxLength: 10, nullable: false),
                    sequence = table.Column<long>(type: "bigint", nullable: false),
                    entry_date = table.Column<DateOnly>(type: "date", nullable: false),
                    label = table.Column<string>(type: "character varying(255)", maxLength: 255, nullable: false),
                    source_type = table.Column<string>(type: "character varying(50)", maxLength: 50, nullable: false),
                    source_id = table.Column<long>(type: "bigint", nullable: false),
                    kind = table.Column<string>(type: "character varying(10)", maxLength: 10, nullable: false),
                    reference = table.Column<string>(type: "character varying(64)", maxLength: 64, nullable: true),
                    reason = table.Column<string>(type: "character varying(500)", maxLength: 500, nullable: true),
                    reverses_entry_id = table.Column<long>(type: "bigint", nullable: true),
                    previous_hash = table.Column<string>(type: "character varying(64)", maxLength: 64, nullable: false),
                    hash = table.Column<string>(type: "character varying(64)", maxLength: 64, nullable: false),
                    posted_at = table.Column<DateTimeOffset>(type: "timestamp with time zone", nullable: false),
                    posted_by_user_id = table.Column<long>(type: "bigint", nullable: true),
                    to_review = table.Column<bool>(type: "boolean", nullable: false)
                },
                constraints: table =>
                {
                    table.PrimaryKey("pk_entries", x => x.id);
                    table.ForeignKey(
                        name: "fk_entries_journals_journal_code",
                        column: x => x.journal_code,
                        principalSchema: "accounting",
                        principalTable: "journals",
                        principalColumn: "code",
                        onDelete: ReferentialAction.Restrict);
                });

            migrationBuilder.CreateTable(
                name: "entry_lines",
                schema: "accounting",
                columns: table => new
                {
                    id = table.Column<long>(type: "bigint", nullable: false),
                    entry_id = table.Column<long>(type: "bigint", nullable: false),
                    line_number = table.Column<int>(type: "integer", nullable: false),
                    journal_code = table.Column<string>(type: "character varying(10)", maxLength: 10, nullable: false),
                    entry_date = table.Column<DateOnly>(type: "date", nullable: false),
                    account_number = table.Column<string>(type: "character varying(20)", maxLength: 20, nullable: false),
                    subledger = table.Column<string>(type: "character varying(64)", maxLength: 64, nullable: true),
                    debit = table.Column<decimal>(type: "numeric(18,2)", precision: 18, scale: 2, nullable: false),
                    credit = table.Column<decimal>(type: "numeric(18,2)", precision: 18, scale: 2, nullable: false),
                    label = table.Column<string>(type: "character varying(255)", maxLength: 255, nullable: false),
                    intended_account = table.Column<string>(type: "character varying(20)", maxLength: 20, nullable: true),
                    to_review = table.Column<bool>(type: "boolean", nullable: false)
                },
                constraints: table =>
                {
                    table.PrimaryKey("pk_entry_lines", x => x.id);
                    table.ForeignKey(
                        name: "fk_entry_lines_entries_entry_id",
                        column: x => x.entry_id,
                        principalSchema: "accounting",
                        principalTable: "entries",
                        principalColumn: "id",
                        onDelete: ReferentialAction.Restrict);
                });

            migrationBuilder.CreateIndex(
                name: "ix_account_period_balances_period_start_account_number",
                schema: "accounting",
                table: "account_period_balances",
                columns: new[] { "period_start", "account_number" })
                .Annotation("Npgsql:IndexInclude", new[] { "debit", "credit" });

            migrationBuilder.CreateIndex(
                name: "ix_accounts_number",
                schema: "accounting",
                table: "accounts",
                column: "number",
                unique: true);

            migrationBuilder.CreateIndex(
                name: "ix_default_accounts_key",
                schema: "accounting",
                table: "default_accounts",
                column: "key",
                unique: true);

            migrationBuilder.CreateIndex(
                name: "ix_entries_entry_date_id",
                schema: "accounting",
                table: "entries",
                columns: new[] { "entry_date", "id" });

            migrationBuilder.CreateIndex(
                name: "ix_entries_journal_code_sequence",
                schema: "accounting",
                table: "entries",
                columns: new[] { "journal_code", "sequence" },
                unique: true);

            migrationBuilder.CreateIndex(
                name: "ix_entries_source_type_source_id_kind",
                schema: "accounting",
                table: "entries",
                columns: new[] { "source_type", "source_id", "kind" },
                unique: true);

            migrationBuilder.CreateIndex(
                name: "ix_entries_to_review",
                schema: "accounting",
                table: "entries",
                column: "to_review",
                filter: "to_review");

            migrationBuilder.CreateIndex(
                name: "ix_entry_lines_account_number_entry_date_id",
                schema: "accounting",
                table: "entry_lines",
                columns: new[] { "account_number", "entry_date", "id" })
                .Annotation("Npgsql:IndexInclude", new[] { "debit", "credit" });

            migrationBuilder.CreateIndex(
                name: "ix_entry_lines_entry_date_account_number",
                schema: "accounting",
                table: "entry_lines",
                columns: new[] { "entry_date", "account_number" })
                .Annotation("Npgsql:IndexInclude", new[] { "debit", "credit" });

            migrationBuilder.CreateIndex(
                name: "ix_entry_lines_entry_id_line_number",
                schema: "accounting",
                table: "entry_lines",
                columns: new[] { "entry_id", "line_number" },
                unique: true);

            migrationBuilder.CreateIndex(
                name: "ix_entry_lines_subledger_account_number",
                schema: "accounting",
                table: "entry_lines",
                columns: new[] { "subledger", "account_number" },
                filter: "subledger IS NOT NULL");

            migrationBuilder.CreateIndex(
                name: "ix_expense_report_lines_expense_report_id",
                schema: "hr",
                table: "expense_report_lines",
                column: "expense_report_id");

            migrationBuilder.CreateIndex(
                name: "ix_expense_reports_employee_user_id_period_start",
                schema: "hr",
                table: "expense_reports",
                columns: new[] { "employee_user_id", "period_start" });

            migrationBuilder.CreateIndex(
                name: "ix_expense_reports_reference",
                schema: "hr",
                table: "expense_reports",
                column: "reference",
                unique: true);

            migrationBuilder.CreateIndex(
                name: "ix_journals_code",
                schema: "accounting",
                table: "journals",
                column: "code",
                unique: true);

            migrationBuilder.CreateIndex(
                name: "ix_salaries_employee_user_id_period_start",
                schema: "hr",
                table: "salaries",
                columns: new[] { "employee_user_id", "period_start" });

            migrationBuilder.CreateIndex(
                name: "ix_salaries_period_start_id",
                schema: "hr",
                table: "salaries",
                columns: new[] { "period_start", "id" });
        }

        /// <inheritdoc />
        protected override void Down(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.DropTable(
                name: "account_period_balances",
                schema: "accounting");

            migrationBuilder.DropTable(
                name: "accounts",
                schema: "accounting");

            migrationBuilder.DropTable(
                name: "default_accounts",
                schema: "accounting");

            migrationBuilder.DropTable(
                name: "entry_lines",
                schema: "accounting");

            migrationBuilder.DropTable(
                name: "expense_report_lines",
                schema: "hr");

            migrationBuilder.DropTable(
                name: "manual_entries",
                schema: "accounting");

            migrationBuilder.DropTable(
                name: "salaries",
                schema: "hr");

            migrationBuilder.DropTable(
                name: "entries",
                schema: "accounting");

            migrationBuilder.DropTable(
                name: "expense_reports",
                schema: "hr");

            migrationBuilder.DropTable(
                name: "journals",
                schema: "accounting");

            migrationBuilder.DropSequence(
                name: "accounts_hilo",
                schema: "accounting");

            migrationBuilder.DropSequence(
                name: "default_accounts_hilo",
                schema: "accounting");

            migrationBuilder.DropSequence(
                name: "entries_hilo",
                schema: "accounting");

            migrationBuilder.DropSequence(
                name: "entry_lines_hilo",
                schema: "accounting");

            migrationBuilder.DropSequence(
                name: "expense_report_lines_hilo",
                schema: "hr");

            migrationBuilder.DropSequence(
                name: "expense_reports_hilo",
                schema: "hr");

            migrationBuilder.DropSequence(
                name: "journals_hilo",
                schema: "accounting");

            migrationBuilder.DropSequence(
                name: "manual_entries_hilo",
                schema: "accounting");

            migrationBuilder.DropSequence(
                name: "salaries_hilo",
                schema: "hr");
        }
    }
}
