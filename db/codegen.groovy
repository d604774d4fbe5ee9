// migrate -> generate, run by gmavenplus in generate-sources (see pom.xml).
// Starts a throw-away embedded PostgreSQL, applies db/migration with Flyway exactly as the hub
// does, and generates jOOQ classes from the resulting schema. Skipped when neither the
// migrations nor this script changed since the last run (a digest is kept next to the output).
import io.zonky.test.db.postgres.embedded.EmbeddedPostgres
import org.flywaydb.core.Flyway
import org.jooq.codegen.GenerationTool
import org.jooq.meta.jaxb.*
import java.security.MessageDigest

def base = project.basedir
def target = new File(project.properties['jooq.generated'])
def inputs = ([new File(base, 'db/codegen.groovy')] + new File(base, 'db/migration').listFiles().findAll { it.isFile() }).sort { it.name }
def md = MessageDigest.getInstance('SHA-256')
inputs.each { md.update(it.name.bytes); md.update(it.bytes) }
def digest = md.digest().encodeHex().toString()
def stamp = new File(target, '.migrations.sha256')
if (stamp.isFile() && stamp.text == digest) {
    log.info("jOOQ classes are up to date with db/migration")
    return
}

// jOOQ does not carry an enum converter over to arrays of that enum by itself
def arrayOf(String userType, String generatedEnum, String pgArrayType) {
    new ForcedType().withUserType(userType + '[]').withIncludeTypes(pgArrayType)
        .withConverter("new org.jooq.impl.EnumConverter<>(${project.properties['jooq.package']}.enums.${generatedEnum}.class, ${userType}.class).forArrays()")
}

def pg = EmbeddedPostgres.builder().start()
try {
    def url = pg.getJdbcUrl('postgres', 'postgres')
    Flyway.configure()
        .dataSource(url, 'postgres', 'postgres')
        .locations("filesystem:${new File(base, 'db/migration')}")
        .schemas('passerelle')
        .placeholders([app_role: 'passerelle_app'])
        .load()
        .migrate()
    target.deleteDir()
    GenerationTool.generate(new Configuration()
        .withLogging(Logging.WARN)
        .withJdbc(new Jdbc().withDriver('org.postgresql.Driver').withUrl(url).withUser('postgres').withPassword('postgres'))
        .withGenerator(new Generator()
            .withDatabase(new Database()
                .withName('org.jooq.meta.postgres.PostgresDatabase')
                .withInputSchema('passerelle')
                // the access log's monthly partitions are read through their parent only
                .withExcludes('flyway_schema_history|access_event_[0-9]{4}_[0-9]{2}|access_event_default')
                .withForcedTypes(
                    // the database's enums are the domain's enums: one definition, in the migrations
                    new ForcedType().withUserType('fr.passerelle.access.OrganizationType').withEnumConverter(true).withIncludeTypes('organization_type'),
                    new ForcedType().withUserType('fr.passerelle.access.DataCategory').withEnumConverter(true).withIncludeTypes('data_category'),
                    new ForcedType().withUserType('fr.passerelle.access.Purpose').withEnumConverter(true).withIncludeTypes('purpose'),
                    new ForcedType().withUserType('fr.passerelle.access.Role').withEnumConverter(true).withIncludeTypes('platform_role'),
                    arrayOf('fr.passerelle.access.Role', 'PlatformRole', '_platform_role'),
                    arrayOf('fr.passerelle.access.DataCategory', 'DataCategory', '_data_category'),
                    arrayOf('fr.passerelle.access.Purpose', 'Purpose', '_purpose')))
            .withGenerate(new Generate().withRecords(true).withPojos(false).withDaos(false).withJavaTimeTypes(true))
            .withTarget(new Target().withPackageName(project.properties['jooq.package']).withDirectory(target.path))))
    stamp.text = digest
} finally {
    pg.close()
}
