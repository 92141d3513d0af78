/**
 * Java and Kotlin projects: Maven (pom.xml) and Gradle (build.gradle, Kotlin
 * DSL) builds, and the frameworks their dependencies name.
 */
import { fileName, Findings, type DetectInput, type KnownPackage } from './findings';

const p = (category: KnownPackage['category'], key: string, name: string): KnownPackage => ({ category, key, name });

/** Dependency coordinates (groupId or groupId:artifactId prefixes) worth naming. */
const JVM: [RegExp, KnownPackage][] = [
  [/org\.springframework\.boot/, p('framework', 'spring-boot', 'Spring Boot')],
  [/io\.quarkus/, p('framework', 'quarkus', 'Quarkus')],
  [/io\.micronaut/, p('framework', 'micronaut', 'Micronaut')],
  [/io\.ktor/, p('framework', 'ktor', 'Ktor')],
  [/org\.hibernate/, p('library', 'hibernate', 'Hibernate')],
  [/org\.projectlombok/, p('library', 'lombok', 'Lombok')],
  [/org\.junit\.jupiter|junit:junit|\bjunit-jupiter\b/, p('testing', 'junit', 'JUnit')],
  [/org\.mockito/, p('testing', 'mockito', 'Mockito')],
  [/io\.kotest/, p('testing', 'kotest', 'Kotest')],
  [/org\.testng/, p('testing', 'testng', 'TestNG')],
];

/** Adds what Maven and Gradle build files say. */
export function detectJvm(input: DetectInput, found: Findings): void {
  for (const path of input.paths) {
    const name = fileName(path);
    let text: string | undefined;
    if (name === 'pom.xml') {
      found.add('package-manager', 'maven', { name: 'Maven', evidence: path });
      text = input.read(path);
      const coordinates = [
        ...(text ?? '').matchAll(/<groupId>\s*([^<\s]+)\s*<\/groupId>\s*<artifactId>\s*([^<\s]+)\s*<\/artifactId>/g),
      ].map((m) => `${m[1]}:${m[2]}`);
      for (const [pattern, known] of JVM) {
        const hit = coordinates.find((c) => pattern.test(c));
        if (hit) found.addPackage(known, undefined, `${path}: ${hit}`);
      }
      const java = /<(?:maven\.compiler\.release|maven\.compiler\.source|java\.version)>\s*([^<\s]+)/.exec(
        text ?? '',
      )?.[1];
      if (java) found.add('runtime', 'java', { name: 'Java', version: java, evidence: `${path}: ${java}` });
    } else if (/^(build|settings)\.gradle(\.kts)?$/.test(name)) {
      found.add('package-manager', 'gradle', {
        name: 'Gradle',
        detail: name.endsWith('.kts') ? 'Kotlin DSL' : undefined,
        evidence: path,
      });
      text = input.read(path);
      for (const [pattern, known] of JVM) {
        const hit = /["']([^"']+)["']/g;
        for (const m of (text ?? '').matchAll(hit)) {
          if (pattern.test(m[1])) {
            found.addPackage(known, undefined, `${path}: ${m[1]}`);
            break;
          }
        }
      }
    } else if (name === 'gradlew' || name === 'mvnw') {
      found.add('package-manager', name === 'gradlew' ? 'gradle' : 'maven', {
        name: name === 'gradlew' ? 'Gradle' : 'Maven',
        evidence: path,
      });
    }
  }
}
