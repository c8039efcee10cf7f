using System;
using Microsoft.EntityFrameworkCore.Migrations;

#nullable disable

namespace MokoCrm.Web.Platform.Data.Migrations
{
    /// <inheritdoc />
    public partial class Crm : Migration
    {
        /// <inheritdoc />
        protected override void Up(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.EnsureSchema(
                name: "crm");

            migrationBuilder.CreateSequence(
                name: "contacts_hilo",
                schema: "crm",
                incrementBy: 10);

            migrationBuilder.CreateSequence(
                name: "sales_representatives_hilo",
                schema: "crm",
                incrementBy: 10);

            migrationBuilder.CreateSequence(
                name: "third_parties_hilo",
                schema: "crm",
                incrementBy: 10);

            migrationBuilder.CreateTable(
                name: "third_parties",
                schema: "crm",
                columns: table => new
                {
                    id = table.Column<long>(type: "bigint", nullable: false),
                    name = table.Column<string>(type: "character varying(200)", maxLength: 200, nullable: false),
                    normalized_name = table.Column<string>(type: "character varying(200)", maxLength: 200, nullable: false),
                    alias = table.Column<string>(type: "character varying(200)", maxLength: 200, nullable: true),
                    is_customer = table.Column<bool>(type: "boolean", nullable: false),
                    is_prospect = table.Column<bool>(type: "boolean", nullable: false),
                    is_supplier = table.Column<bool>(type: "boolean", nullable: false),
                    status = table.Column<string>(type: "character varying(20)", maxLength: 20, nullable: false),
                    customer_code = table.Column<string>(type: "character varying(40)", maxLength: 40, nullable: true),
                    supplier_code = table.Column<string>(type: "character varying(40)", maxLength: 40, nullable: true),
                    address = table.Column<string>(type: "character varying(500)", maxLength: 500, nullable: true),
                    postal_code = table.Column<string>(type: "character varying(20)", maxLength: 20, nullable: true),
                    town = table.Column<string>(type: "character varying(100)", maxLength: 100, nullable: true),
                    country_code = table.Column<string>(type: "character varying(2)", maxLength: 2, nullable: false),
                    region_id = table.Column<long>(type: "bigint", nullable: true),
                    phone = table.Column<string>(type: "character varying(40)", maxLength: 40, nullable: true),
                    email = table.Column<string>(type: "character varying(200)", maxLength: 200, nullable: true),
                    website = table.Column<string>(type: "character varying(300)", maxLength: 300, nullable: true),
                    vat_id = table.Column<string>(type: "character varying(40)", maxLength: 40, nullable: true),
                    vat_liable = table.Column<bool>(type: "boolean", nullable: false),
                    payment_term_id = table.Column<long>(type: "bigint", nullable: true),
                    payment_method_id = table.Column<long>(type: "bigint", nullable: true),
                    default_discount_percent = table.Column<decimal>(type: "numeric(5,2)", precision: 5, scale: 2, nullable: false),
                    credit_limit = table.Column<decimal>(type: "numeric(18,2)", precision: 18, scale: 2, nullable: true),
                    parent_id = table.Column<long>(type: "bigint", nullable: true),
                    prospect_status = table.Column<string>(type: "character varying(20)", maxLength: 20, nullable: false),
                    accounting_code = table.Column<string>(type: "character varying(40)", maxLength: 40, nullable: true),
                    created_at = table.Column<DateTimeOffset>(type: "timestamp with time zone", nullable: false)
                },
                constraints: table =>
                {
                    table.PrimaryKey("pk_third_parties", x => x.id);
                    table.ForeignKey(
                        name: "fk_third_parties_third_parties_parent_id",
                        column: x => x.parent_id,
                        principalSchema: "crm",
                        principalTable: "third_parties",
                        principalColumn: "id",
                        onDelete: ReferentialAction.Restrict);
                });

            migrationBuilder.CreateTable(
                name: "contacts",
                schema: "crm",
                columns: table => new
                {
                    id = table.Column<long>(type: "bigint", nullable: false),
                    third_party_id = table.Column<long>(type: "bigint", nullable: true),
                    first_name = table.Column<string>(type: "character varying(100)", maxLength: 100, nullable: true),
                    last_name = table.Column<string>(type: "character varying(100)", maxLength: 100, nullable: false),
                    job_title = table.Column<string>(type: "character varying(100)", maxLength: 100, nullable: true),
                    email = table.Column<string>(type: "character varying(200)", maxLength: 200, nullable: true),
                    phone = table.Column<string>(type: "character varying(40)", maxLength: 40, nullable: true),
                    mobile = table.Column<string>(type: "character varying(40)", maxLength: 40, nullable: true),
                    active = table.Column<bool>(type: "boolean", nullable: false),
                    no_email = table.Column<bool>(type: "boolean", nullable: false)
                },
                constraints: table =>
                {
                    table.PrimaryKey("pk_contacts", x => x.id);
                    table.ForeignKey(
                        name: "fk_contacts_third_party_third_party_id",
                        column: x => x.third_party_id,
                        principalSchema: "crm",
                        principalTable: "third_parties",
                        principalColumn: "id",
                        onDelete: ReferentialAction.Restrict);
                });

            migrationBuilder.CreateTable(
                name: "sales_representatives",
                schema: "crm",
                columns: table => new
                {
                    id = table.Column<long>(type: "bigint", nullable: false),
                    third_party_id = table.Column<long>(type: "bigint", nullable: false),
                    user_id = table.Column<long>(type: "bigint", nullable: false)
                },
                constraints: table =>
                {
                    table.PrimaryKey("pk_sales_representatives", x => x.id);
                    table.ForeignKey(
                        name: "fk_sales_representatives_asp_net_users_user_id",
                        column: x => x.user_id,
                        principalSchema: "platform",
                        principalTable: "users",
                        principalColumn: "id",
                        onDelete: ReferentialAction.Cascade);
                    table.ForeignKey(
                        name: "fk_sales_representatives_third_party_third_party_id",
                        column: x => x.third_party_id,
                        principalSchema: "crm",
                        principalTable: "third_parties",
                        principalColumn: "id",
                        onDelete: ReferentialAction.Cascade);
                });

            migrationBuilder.CreateIndex(
                name: "ix_contacts_last_name_id",
                schema: "crm",
                table: "contacts",
                columns: new[] { "last_name", "id" });

            migrationBuilder.CreateIndex(
                name: "ix_contacts_third_party_id",
                schema: "crm",
                table: "contacts",
                column: "third_party_id");

            migrationBuilder.CreateIndex(
                name: "ix_sales_representatives_third_party_id",
                schema: "crm",
                table: "sales_representatives",
                column: "third_party_id");

            migrationBuilder.CreateIndex(
                name: "ix_sales_representatives_user_id_third_party_id",
                schema: "crm",
                table: "sales_representatives",
                columns: new[] { "user_id", "third_party_id" },
                unique: true);

            migrationBuilder.CreateIndex(
                name: "ix_third_parties_customer_code",
                schema: "crm",
                table: "third_parties",
                column: "customer_code",
                unique: true);

            migrationBuilder.CreateIndex(
                name: "ix_third_parties_email",
                schema: "crm",
                table: "third_parties",
                column: "email");

            migrationBuilder.CreateIndex(
                name: "ix_third_parties_name_id",
                schema: "crm",
                table: "third_parties",
                columns: new[] { "name", "id" });

            migrationBuilder.CreateIndex(
                name: "ix_third_parties_normalized_name",
                schema: "crm",
                table: "third_parties",
                column: "normalized_name");

            migrationBuilder.CreateIndex(
                name: "ix_third_parties_parent_id",
                schema: "crm",
                table: "third_parties",
                column: "parent_id");

            migrationBuilder.CreateIndex(
                name: "ix_third_parties_supplier_code",
                schema: "crm",
                table: "third_parties",
                column: "supplier_code",
                unique: true);

            migrationBuilder.CreateIndex(
                name: "ix_third_parties_vat_id",
                schema: "crm",
                table: "third_parties",
                column: "vat_id");
        }

        /// <inheritdoc />
        protected override void Down(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.DropTable(
                name: "contacts",
                schema: "crm");

            migrationBuilder.DropTable(
                name: "sales_representatives",
                schema: "crm");

            migrationBuilder.DropTable(
                name: "third_parties",
                schema: "crm");

            migrationBuilder.DropSequence(
                name: "contacts_hilo",
                schema: "crm");

            migrationBuilder.DropSequence(
                name: "sales_representatives_hilo",
                schema: "crm");

            migrationBuilder.DropSequence(
                name: "third_parties_hilo",
                schema: "crm");
        }
    }
}
