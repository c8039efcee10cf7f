using System;
using Microsoft.EntityFrameworkCore.Migrations;

#nullable disable

namespace MokoCrm.Web.Platform.Data.Migrations
{
    /// <inheritdoc />
    public partial class Setup : Migration
    {
        /// <inheritdoc />
        protected override void Up(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.CreateSequence(
                name: "bank_accounts_hilo",
                schema: "platform",
                incrementBy: 10);

            migrationBuilder.CreateSequence(
                name: "fiscal_years_hilo",
                schema: "platform",
                incrementBy: 10);

            migrationBuilder.CreateSequence(
                name: "locked_periods_hilo",
                schema: "platform",
                incrementBy: 10);

            migrationBuilder.CreateSequence(
                name: "payment_methods_hilo",
                schema: "platform",
                incrementBy: 10);

            migrationBuilder.CreateSequence(
                name: "payment_terms_hilo",
                schema: "platform",
                incrementBy: 10);

            migrationBuilder.CreateSequence(
                name: "regions_hilo",
                schema: "platform",
                incrementBy: 10);

            migrationBuilder.CreateSequence(
                name: "vat_rates_hilo",
                schema: "platform",
                incrementBy: 10);

            migrationBuilder.CreateTable(
                name: "bank_accounts",
                schema: "platform",
                columns: table => new
                {
                    id = table.Column<long>(type: "bigint", nullable: false),
                    label = table.Column<string>(type: "character varying(100)", maxLength: 100, nullable: false),
                    bank_name = table.Column<string>(type: "character varying(100)", maxLength: 100, nullable: true),
                    iban = table.Column<string>(type: "character varying(34)", maxLength: 34, nullable: true),
                    bic = table.Column<string>(type: "character varying(11)", maxLength: 11, nullable: true),
                    accounting_account = table.Column<string>(type: "character varying(20)", maxLength: 20, nullable: false),
                    currency = table.Column<string>(type: "character varying(3)", maxLength: 3, nullable: false),
                    active = table.Column<bool>(type: "boolean", nullable: false)
                },
                constraints: table =>
                {
                    table.PrimaryKey("pk_bank_accounts", x => x.id);
                });

            migrationBuilder.CreateTable(
                name: "company_profile",
                schema: "platform",
                columns: table => new
                {
                    id = table.Column<long>(type: "bigint", nullable: false),
                    name = table.Column<string>(type: "character varying(200)", maxLength: 200, nullable: false),
                    address = table.Column<string>(type: "text", nullable: true),
                    postal_code = table.Column<string>(type: "text", nullable: true),
                    town = table.Column<string>(type: "text", nullable: true),
                    country_code = table.Column<string>(type: "character varying(2)", maxLength: 2, nullable: false),
                    region_id = table.Column<long>(type: "bigint", nullable: true),
                    vat_id = table.Column<string>(type: "character varying(50)", maxLength: 50, nullable: true),
                    registration_number = table.Column<string>(type: "text", nullable: true),
                    phone = table.Column<string>(type: "text", nullable: true),
                    email = table.Column<string>(type: "text", nullable: true),
                    website = table.Column<string>(type: "text", nullable: true),
                    currency = table.Column<string>(type: "character varying(3)", maxLength: 3, nullable: false),
                    fiscal_year_start_month = table.Column<int>(type: "integer", nullable: false),
                    legal_line = table.Column<string>(type: "text", nullable: true),
                    logo = table.Column<byte[]>(type: "bytea", nullable: true),
                    logo_content_type = table.Column<string>(type: "text", nullable: true)
                },
                constraints: table =>
                {
                    table.PrimaryKey("pk_company_profile", x => x.id);
                });

            migrationBuilder.CreateTable(
                name: "countries",
                schema: "platform",
                columns: table => new
                {
                    code = table.Column<string>(type: "character varying(2)", maxLength: 2, nullable: false),
                    name = table.Column<string>(type: "character varying(100)", maxLength: 100, nullable: false),
                    in_european_union = table.Column<bool>(type: "boolean", nullable: false),
                    active = table.Column<bool>(type: "boolean", nullable: false)
                },
                constraints: table =>
                {
                    table.PrimaryKey("pk_countries", x => x.code);
                });

            migrationBuilder.CreateTable(
                name: "fiscal_years",
                schema: "platform",
                columns: table => new
                {
                    id = table.Column<long>(type: "bigint", nullable: false),
                    label = table.Column<string>(type: "character varying(50)", maxLength: 50, nullable: false),
                    start_date = table.Column<DateOnly>(type: "date", nullable: false),
                    end_date = table.Column<DateOnly>(type: "date", nullable: false),
                    status = table.Column<string>(type: "character varying(20)", maxLength: 20, nullable: false)
                },
                constraints: table =>
                {
                    table.PrimaryKey("pk_fiscal_years", x => x.id);
                });

            migrationBuilder.CreateTable(
                name: "locked_periods",
                schema: "platform",
                columns: table => new
                {
                    id = table.Column<long>(type: "bigint", nullable: false),
                    from_date = table.Column<DateOnly>(type: "date", nullable: false),
                    to_date = table.Column<DateOnly>(type: "date", nullable: false),
                    reason = table.Column<string>(type: "character varying(200)", maxLength: 200, nullable: false)
                },
                constraints: table =>
                {
                    table.PrimaryKey("pk_locked_periods", x => x.id);
                });

            migrationBuilder.CreateTable(
                name: "payment_methods",
                schema: "platform",
                columns: table => new
                {
                    id = table.Column<long>(type: "bigint", nullable: false),
                    code = table.Column<string>(type: "character varying(20)", maxLength: 20, nullable: false),
                    label = table.Column<string>(type: "character varying(100)", maxLength: 100, nullable: false),
                    active = table.Column<bool>(type: "boolean", nullable: false)
                },
                constraints: table =>
                {
                    table.PrimaryKey("pk_payment_methods", x => x.id);
                });

            migrationBuilder.CreateTable(
                name: "payment_terms",
                schema: "platform",
                columns: table => new
                {
                    id = table.Column<long>(type: "bigint", nullable: false),
                    code = table.Column<string>(type: "character varying(20)", maxLength: 20, nullable: false),
                    label = table.Column<string>(type: "character varying(100)", maxLength: 100, nullable: false),
                    days = table.Column<int>(type: "integer", nullable: false),
                    end_of_month = table.Column<bool>(type: "boolean", nullable: false),
                    sort_order = table.Column<int>(type: "integer", nullable: false),
                    active = table.Column<bool>(type: "boolean", nullable: false)
                },
                constraints: table =>
                {
                    table.PrimaryKey("pk_payment_terms", x => x.id);
                });

            migrationBuilder.CreateTable(
                name: "vat_rates",
                schema: "platform",
                columns: table => new
                {
                    id = table.Column<long>(type: "bigint", nullable: false),
                    rate = table.Column<decimal>(type: "numeric(6,3)", precision: 6, scale: 3, nullable: false),
                    label = table.Column<string>(type: "character varying(50)", maxLength: 50, nullable: false),
                    is_default = table.Column<bool>(type: "boolean", nullable: false),
                    active = table.Column<bool>(type: "boolean", nullable: false)
                },
                constraints: table =>
                {
                    table.PrimaryKey("pk_vat_rates", x => x.id);
                });

            migrationBuilder.CreateTable(
                name: "regions",
                schema: "platform",
                columns: table => new
                {
                    id = table.Column<long>(type: "bigint", nullable: false),
                    country_code = table.Column<string>(type: "character varying(2)", maxLength: 2, nullable: false),
                    code = table.Column<string>(type: "character varying(20)", maxLength: 20, nullable: false),
                    name = table.Column<string>(type: "character varying(100)", maxLength: 100, nullable: false),
                    active = table.Column<bool>(type: "boolean", nullable: false)
                },
                constraints: table =>
                {
                    table.PrimaryKey("pk_regions", x => x.id);
                    table.ForeignKey(
                        name: "fk_regions_countries_country_code",
                        column: x => x.country_code,
                        principalSchema: "platform",
                        principalTable: "countries",
                        principalColumn: "code",
                        onDelete: ReferentialAction.Restrict);
                });

            migrationBuilder.CreateIndex(
                name: "ix_bank_accounts_label",
                schema: "platform",
                table: "bank_accounts",
                column: "label",
                unique: true);

            migrationBuilder.CreateIndex(
                name: "ix_fiscal_years_start_date",
                schema: "platform",
                table: "fiscal_years",
                column: "start_date",
                unique: true);

            migrationBuilder.CreateIndex(
                name: "ix_payment_methods_code",
                schema: "platform",
                table: "payment_methods",
                column: "code",
                unique: true);

            migrationBuilder.CreateIndex(
                name: "ix_payment_terms_code",
                schema: "platform",
                table: "payment_terms",
                column: "code",
                unique: true);

            migrationBuilder.CreateIndex(
                name: "ix_regions_country_code_code",
                schema: "platform",
                table: "regions",
                columns: new[] { "country_code", "code" },
                unique: true);

            migrationBuilder.CreateIndex(
                name: "ix_vat_rates_rate",
                schema: "platform",
                table: "vat_rates",
                column: "rate",
                unique: true);
        }

        /// <inheritdoc />
        protected override void Down(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.DropTable(
                name: "bank_accounts",
                schema: "platform");

            migrationBuilder.DropTable(
                name: "company_profile",
                schema: "platform");

            migrationBuilder.DropTable(
                name: "fiscal_years",
                schema: "platform");

            migrationBuilder.DropTable(
                name: "locked_periods",
                schema: "platform");

            migrationBuilder.DropTable(
                name: "payment_methods",
                schema: "platform");

            migrationBuilder.DropTable(
                name: "payment_terms",
                schema: "platform");

            migrationBuilder.DropTable(
                name: "regions",
                schema: "platform");

            migrationBuilder.DropTable(
                name: "vat_rates",
                schema: "platform");

            migrationBuilder.DropTable(
                name: "countries",
                schema: "platform");

            migrationBuilder.DropSequence(
                name: "bank_accounts_hilo",
                schema: "platform");

            migrationBuilder.DropSequence(
                name: "fiscal_years_hilo",
                schema: "platform");

            migrationBuilder.DropSequence(
                name: "locked_periods_hilo",
                schema: "platform");

            migrationBuilder.DropSequence(
                name: "payment_methods_hilo",
                schema: "platform");

            migrationBuilder.DropSequence(
                name: "payment_terms_hilo",
                schema: "platform");

            migrationBuilder.DropSequence(
                name: "regions_hilo",
                schema: "platform");

            migrationBuilder.DropSequence(
                name: "vat_rates_hilo",
                schema: "platform");
        }
    }
}
